// Modules dockerode loads at the top of its files that this runtime never uses, and what stands in
// for them (see dockerode.ts; the bundles of scripts/package.mjs use the same stand-ins).
function unavailable(name: string, why: string): Error {
  return new Error(`podwright: ${name} is not available (${why})`);
}

export const UNUSED_MODULES: Record<string, object> = {
  // docker-modem's ssh.js reads `Client` as it loads; it is constructed only for an ssh:// engine,
  // which connect() does not offer.
  ssh2: {
    Client: class {
      constructor() {
        throw unavailable('ssh2', 'ssh:// engines are not supported; use unix:// or tcp://');
      }
    },
  },
  // dockerode's session.js uses these only for BuildKit sessions of buildImage, never called here;
  // it reads uuid's `v4` as it loads.
  '@grpc/grpc-js': {},
  '@grpc/proto-loader': {},
  uuid: {
    v4: () => {
      throw unavailable('uuid', 'BuildKit sessions are not used');
    },
  },
  // dockerode's util.js packs a build context with these, for buildImage only (the infra image is
  // imported from a tar made here).
  'tar-fs': {},
  '@balena/dockerignore': {},
};
