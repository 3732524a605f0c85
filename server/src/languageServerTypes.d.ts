// vscode-languageserver 10 (and the protocol and jsonrpc packages under it) declare their types only
// in their package `exports`, which TypeScript's `moduleResolution: node` (the project's setting,
// kept for CommonJS output) does not read. These ambient declarations point the compiler at the
// same files; at run time Node resolves the real packages through `exports` as usual. When the
// project moves to `node16` resolution, the real declarations are found first and this is unused.
declare module 'vscode-languageserver' {
  export * from 'vscode-languageserver/lib/common/api';
}
declare module 'vscode-languageserver/node' {
  export * from 'vscode-languageserver/lib/node/main';
}
declare module 'vscode-languageserver-protocol' {
  export * from 'vscode-languageserver-protocol/lib/common/api';
}
declare module 'vscode-languageserver-protocol/node' {
  export * from 'vscode-languageserver-protocol/lib/node/main';
}
declare module 'vscode-jsonrpc' {
  export * from 'vscode-jsonrpc/lib/common/api';
}
declare module 'vscode-jsonrpc/node' {
  export * from 'vscode-jsonrpc/lib/node/main';
}
