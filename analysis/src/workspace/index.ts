// The workspace model: the objects of many files and the checks and navigation across them.
export { summarize, MAX_SUMMARY_ENTRIES, type FileSummary, type WorkspaceObject, type Reference, type Span, type RefKind, type TemplateFacts, type ServiceFacts } from './summary';
export { Workspace, type Located } from './model';
export { checkWorkspaceFile, WORKSPACE_RULES, type WorkspaceProblem, type WorkspaceCheckOptions } from './checks';
export { definitionAt, referencesAt, renameAt, renameTargetAt, type Place, type RenameEdit } from './navigation';
