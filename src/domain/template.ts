/**
 * Statement and reply templates: `{{variable}}` substitution and nothing else (seed playbooks are written
 * by PR teams and reviewed in pull requests, so a template must never run code or branch). Mustache does
 * the parsing; we accept only its plain-text and variable tokens and refuse sections, partials and
 * unescaped forms with the position of the offending tag.
 *
 * Rendering produces plain text: HTML, e-mail and chat outputs escape it where they embed it.
 */
import Mustache from 'mustache';

export const MAX_TEMPLATE_LENGTH = 20_000;
const VARIABLE_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/i;

export interface TemplateProblem {
  /** Character offset in the template. */
  at: number;
  message: string;
}

export type TemplateVariables = Readonly<Record<string, string | number | null | undefined>>;

export interface RenderedTemplate {
  text: string;
  /** Variables the template uses that had no value: the text must not be published until they do. */
  missing: string[];
}

type Token = [type: string, value: string, start: number, end: number, ...rest: unknown[]];

const REFUSED: Record<string, string> = {
  '#': 'sections ({{#…}}) are not allowed: templates are logic-less',
  '^': 'inverted sections ({{^…}}) are not allowed: templates are logic-less',
  '/': 'section ends ({{/…}}) are not allowed: templates are logic-less',
  '>': 'partials ({{>…}}) are not allowed',
  '&': 'unescaped output ({{&…}}) is not allowed',
  '{': 'unescaped output ({{{…}}}) is not allowed',
  '=': 'changing the delimiters ({{=…=}}) is not allowed',
};

/** Problems that make a template unusable, in order of position; an empty list means it is valid. */
export function checkTemplate(template: string): TemplateProblem[] {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return [
      { at: MAX_TEMPLATE_LENGTH, message: `a template may be at most ${MAX_TEMPLATE_LENGTH} characters` },
    ];
  }
  let tokens: Token[];
  try {
    tokens = Mustache.parse(template) as Token[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at (\d+)/.exec(message)?.[1];
    return [{ at: at ? Number(at) : 0, message: `unbalanced or unclosed tag: ${message.split('\n')[0]}` }];
  }
  const problems: TemplateProblem[] = [];
  for (const [type, value, start] of tokens) {
    if (type === 'text') continue;
    if (type === '!') continue; // a comment for the reviewer, renders as nothing
    if (type === 'name') {
      if (!VARIABLE_NAME.test(value)) {
        problems.push({
          at: start,
          message: `"${value.slice(0, 40)}" is not a variable name (letters, digits, _ and .)`,
        });
      }
      continue;
    }
    problems.push({ at: start, message: REFUSED[type] ?? `the tag {{${type}…}} is not allowed` });
  }
  return problems;
}

/** The distinct variables a valid template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  const seen = new Set<string>();
  for (const [type, value] of Mustache.parse(template) as Token[]) {
    if (type === 'name') seen.add(value);
  }
  return [...seen];
}

/**
 * The variables for text in one language: a value set as `name:lang` (`incident_summary:he`) wins over
 * `name` for that language, so a Hebrew statement does not get an English summary pasted in. A regional
 * tag falls back to its language (`zh-TW` uses `name:zh-TW`, else `name:zh`, else `name`).
 */
export function variablesForLang(
  variables: Readonly<Record<string, string>>,
  lang: string,
): Record<string, string> {
  const base = lang.split('-')[0] ?? lang;
  const plain: Record<string, string> = {};
  const forBase: Record<string, string> = {};
  const forTag: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    const colon = key.indexOf(':');
    if (colon < 0) plain[key] = value;
    else if (key.slice(colon + 1) === lang) forTag[key.slice(0, colon)] = value;
    else if (key.slice(colon + 1) === base) forBase[key.slice(0, colon)] = value;
  }
  return { ...plain, ...forBase, ...forTag };
}

/**
 * Fills the variables in. Missing or empty values are reported and left visible as `{{name}}` in the
 * text, so a draft never silently reads "we apologise for ." Throws on an invalid template: callers
 * validate templates when they are saved (`checkTemplate`).
 */
export function renderTemplate(template: string, variables: TemplateVariables): RenderedTemplate {
  const problems = checkTemplate(template);
  if (problems.length > 0) {
    const first = problems[0] as TemplateProblem;
    throw new Error(`invalid template at ${first.at}: ${first.message}`);
  }
  const missing: string[] = [];
  let text = '';
  for (const [type, value] of Mustache.parse(template) as Token[]) {
    if (type === 'text') text += value;
    if (type !== 'name') continue;
    const filled = variables[value];
    if (filled === undefined || filled === null || String(filled).trim() === '') {
      if (!missing.includes(value)) missing.push(value);
      text += `{{${value}}}`;
    } else {
      text += String(filled);
    }
  }
  return { text, missing };
}
