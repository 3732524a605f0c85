// The scripts the CLI's runtime starts its background processes from (the pod's supervisor, the
// controller manager). Left unset, the runtime takes supervisorMain.js and controllerMain.js next to
// its own code; the CLI bundle (cliBundle.ts) sets its loaders, which start them with a code cache.
export const backgroundEntries: { supervisorEntry?: string; managerEntry?: string } = {};
