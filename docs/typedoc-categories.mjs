/**
 * TypeDoc plugin (loaded from typedoc.json): files every exported member of an entry point under
 * one of a few categories, so each module page reads as Clients, Errors, Types, Schemas, … instead
 * of one flat list. An explicit `@category` tag in the source always wins; this only fills in the
 * rest, by rule, so a new export lands in a sensible place without anyone tagging it:
 *
 * - `@backupchecks/sdk/testing` → Testing
 * - zod schemas (`…Schema`, `…_SCHEMAS`, `backupRunJsonSchema`) → Schemas
 * - error classes and whatever `errors.ts` declares (details, codes) → Errors
 * - the clients, their resources and options (`…Client`, `…Resource`, `…Options` of a client,
 *   the transport's hooks, logger and clock) → Clients
 * - the Cove column catalogue (`src/cove/columns/`) → Columns
 * - other functions → Functions, other constants → Constants, everything else → Types
 *
 * Entry points get the category "Entry points", listed root first, then in {@link MODULE_ORDER};
 * project documents get "Guides" and are named by their first `# heading` (not their file path).
 */
import { Comment, Converter, ReflectionKind } from 'typedoc';

const MODULE_ORDER = [
  '@backupchecks/sdk',
  '@backupchecks/sdk/cove',
  '@backupchecks/sdk/dbackup',
  '@backupchecks/sdk/normalize',
  'runs',
  'core',
  '@backupchecks/sdk/testing',
];
const CLIENT_FILES = /\/src\/core\/(http|logging|clock)\.ts$/;
const CLIENT_NAMES = /(Client|Resource|ClientOptions|CallOptions)$/;
const SCHEMA_NAMES = /(Schema|Schemas|_SCHEMAS)$/;
const ERROR_FILES = /\/src\/[^/]+\/errors\.ts$/;

/** The category a module member belongs to, by the rules above. */
function categoryOf(project, module, child) {
  if (module.name.endsWith('/testing')) return 'Testing';
  const file = project.getSymbolIdFromReflection(child)?.fileName.replaceAll('\\', '/') ?? '';
  if (SCHEMA_NAMES.test(child.name) || child.name === 'backupRunJsonSchema') return 'Schemas';
  if (ERROR_FILES.test(file) || (child.kind === ReflectionKind.Class && child.name.endsWith('Error'))) {
    return 'Errors';
  }
  if (CLIENT_NAMES.test(child.name) || CLIENT_FILES.test(file)) return 'Clients';
  if (file.includes('/src/cove/columns/')) return 'Columns';
  if (child.kind === ReflectionKind.Function) return 'Functions';
  if (child.kind === ReflectionKind.Variable) return 'Constants';
  return 'Types';
}

/** Whether the reflection (or one of its signatures) already carries a `@category` tag. */
function hasCategory(reflection) {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
  return comments.some((comment) => comment?.blockTags.some((tag) => tag.tag === '@category'));
}

function tag(reflection, category) {
  reflection.comment ??= new Comment();
  reflection.comment.blockTags.push({ tag: '@category', content: [{ kind: 'text', text: category }] });
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  // Before TypeDoc's own CategoryPlugin, which runs at RESOLVE_END with priority -200.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const { project } = context;
      for (const document of project.documents ?? []) {
        document.frontmatter.category ??= 'Guides';
        if (document.frontmatter.title === undefined) {
          const heading = Comment.combineDisplayParts(document.content).match(/^# (.+)$/m)?.[1];
          if (heading) document.name = heading.trim();
        }
      }
      for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
        if (!hasCategory(module)) tag(module, 'Entry points');
        for (const child of module.children ?? []) {
          if (!hasCategory(child)) tag(child, categoryOf(project, module, child));
        }
      }
    },
    0,
  );
  // After it: the entry points in a reading order rather than by file name.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const rank = (reflection) => {
        const index = MODULE_ORDER.indexOf(reflection.name);
        return index === -1 ? MODULE_ORDER.length : index;
      };
      // Getting started first, the changelog last, the other documents in typedoc.json's order.
      const guideRank = (reflection) =>
        reflection.name === 'Getting started' ? 0 : reflection.name === 'Changelog' ? 2 : 1;
      for (const category of context.project.categories ?? []) {
        if (category.title === 'Entry points') category.children.sort((a, b) => rank(a) - rank(b));
        if (category.title === 'Guides') category.children.sort((a, b) => guideRank(a) - guideRank(b));
      }
    },
    -300,
  );
}
