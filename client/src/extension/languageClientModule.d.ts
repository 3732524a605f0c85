// The root tsconfig resolves modules the node10 way, which ignores package.json `exports`, and
// vscode-languageclient 10 publishes its Node entry only there (`./node` -> lib/node/main). esbuild
// follows `exports`, so the bundle imports `vscode-languageclient/node`; this maps the types.
declare module 'vscode-languageclient/node' {
  export * from 'vscode-languageclient/lib/node/main';
}
