// Go to Definition, Find References and Rename across the files of the workspace (the analysis'
// navigation over the workspace model), in the protocol's terms.
import type { Location, Range, WorkspaceEdit } from 'vscode-languageserver';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import { definitionAt, referencesAt, renameAt, renameTargetAt, type Place } from '../../analysis/src';
import { spanRange } from './diagnostics';
import { fileKey, type WorkspaceIndex } from './workspaceIndex';

function locations(index: WorkspaceIndex, places: Place[]): Location[] {
  return places.map((p) => ({ uri: index.uriOf(p.file), range: spanRange(p.span) }));
}

export function definition(index: WorkspaceIndex, uri: string, offset: number): Location[] {
  return locations(index, definitionAt(index.model, fileKey(uri), offset));
}

export function references(index: WorkspaceIndex, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  return locations(index, referencesAt(index.model, fileKey(uri), offset, includeDeclaration));
}

export function prepareRename(index: WorkspaceIndex, uri: string, offset: number): Range | null {
  const t = renameTargetAt(index.model, fileKey(uri), offset);
  if (!t) return null;
  // The client shows the message (VS Code: "The element can't be renamed").
  if ('error' in t) throw new ResponseError(ErrorCodes.InvalidRequest, t.error);
  return spanRange(t.span);
}

export function rename(index: WorkspaceIndex, uri: string, offset: number, newName: string): WorkspaceEdit | null {
  const r = renameAt(index.model, fileKey(uri), offset, newName);
  if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const e of r.edits) (changes[index.uriOf(e.file)] ??= []).push({ range: spanRange(e.span), newText: e.newText });
  return { changes };
}
