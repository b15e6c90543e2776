/** Known authors (issue 4): the per-workspace list that raises estimated reach (src/enrich/reach.ts). */
import './authors.tables.ts';

export {
  authorKinds,
  createKnownAuthorsService,
  type KnownAuthorInput,
  type KnownAuthorsService,
  type KnownAuthorView,
} from './authors.service.ts';
