// The network a pod joins: its namespace's, made on first use, with the Service variables of that
// namespace. The workloads' code behind it loads only when a pod needs a network.
import type Docker from 'dockerode';
import { CreateError } from './create';
import { engineMessage, isConnectionError, statusOf } from './engine';
import type { RunOptions } from './runtimeTypes';
import type { PodPlan } from './types';

export async function podNetwork(docker: Docker, plan: PodPlan, clusterId: () => string, stateDir: string): Promise<Pick<RunOptions, 'network' | 'serviceEnv'>> {
  const services = require('./workloads/services') as typeof import('./workloads/services');
  try {
    return await services.podNetworkOptions(docker, plan.owner?.cluster ?? clusterId(), plan, stateDir);
  } catch (e) {
    // The engine refused the network (its address pools used up …): the pod fails as a sandbox
    // that cannot be made, with the engine's words.
    if (isConnectionError(e) || statusOf(e) === undefined) throw e;
    throw new CreateError('CreateSandboxFailed', `could not make the network of namespace '${plan.namespace}': ${engineMessage(e)}`);
  }
}
