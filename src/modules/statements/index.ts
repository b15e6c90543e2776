/**
 * The statements module: drafting from playbook templates, versions with diffs, the approval chain,
 * publication (then dated updates), the current official wording (`ctx.statements.current`) and the
 * data of the public statement page.
 */
export type { Variant, VariantDiff } from './statements.model.ts';
export { publicVariant, statementChannels } from './statements.model.ts';
export {
  type CurrentWording,
  createStatementsService,
  type PublicEntry,
  type PublicPage,
  type StatementActor,
  type StatementDetail,
  type StatementSummary,
  type StatementsService,
} from './statements.service.ts';

import './statements.tables.ts';
