// What the commands, the tree and the CodeLens share: the pods store and the runtime bridge, both
// created lazily so that activation costs nothing until the engine is needed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PodsStore, PodsSource } from '../podsView/store';
import { engineOptions } from './config';
import { windowPrompts, Prompts } from './prompts';
import type { CreateBridge, RuntimeBridge } from '../flows/runtimeApi';

/** dist/runtime.js sits next to dist/extension.js; required by path so esbuild leaves it out. */
function loadCreateBridge(): CreateBridge {
  const modulePath = path.join(__dirname, 'runtime.js');
  return (require(modulePath) as { createBridge: CreateBridge }).createBridge;
}

export class Services implements vscode.Disposable {
  readonly store: PodsStore;
  prompts: Prompts = windowPrompts;
  private current: RuntimeBridge | undefined;
  private started: Promise<void> | undefined;

  constructor(readonly output: vscode.LogOutputChannel) {
    const source: PodsSource = {
      list: async () => this.bridge().list(),
      objects: async () => this.bridge().objects(),
      watch: async (onEvent, onEnd) => this.bridge().watch(onEvent, onEnd),
      describeHost: () => this.current?.describeHost?.() ?? engineOptions().dockerHost,
    };
    this.store = new PodsStore(source);
  }

  /** The runtime, loaded on first use. */
  bridge(): RuntimeBridge {
    if (!this.current) {
      const t0 = performance.now();
      this.current = loadCreateBridge()(engineOptions());
      this.output.info(`Pod runtime loaded in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    return this.current;
  }

  /** Whether the runtime is loaded already (what is only worth doing then, such as a hover). */
  bridgeLoaded(): boolean {
    return this.current !== undefined;
  }

  /** Starts following the engine, once; later calls wait for the first load. */
  ensureStarted(): Promise<void> {
    this.started ??= this.store.start().catch((e: Error) => this.output.error(`Pods view: ${e.message}`));
    return this.started;
  }

  /** The Docker host or publish address changed: reconnect with the new settings. */
  async resetEngine(): Promise<void> {
    this.current?.dispose();
    this.current = undefined;
    if (this.started) await this.store.start();
  }


  dispose(): void {
    this.store.dispose();
    this.current?.dispose();
  }
}
