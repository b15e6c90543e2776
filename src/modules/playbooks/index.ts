/**
 * The playbooks module: versioned scenario plans (YAML), the default library, `choose` and `get` for the
 * crises module. `ctx.playbooks` is the service itself.
 */
export type { PlaybookProblem, PlaybookSpec, StoredPlaybook } from '../../domain/playbook.ts';
export { type LibraryFile, libraryDir, readLibrary } from './library.ts';
export {
  createPlaybooksService,
  type ImportResult,
  type InstallReport,
  type PlaybookSummary,
  type PlaybooksService,
  type PlaybookVersionView,
} from './playbooks.service.ts';
