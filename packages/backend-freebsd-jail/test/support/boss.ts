// test-fixtures' boss simulator as core's conformance suite wants it: the
// three-vnode experiment on loopback, its state log per vnode.
import { loadExperiment, startBoss } from '@tbvnode/test-fixtures';
import type { ConformanceBoss } from '@tbvnode/core/testing';

export const BOSS_NAME = 'boss.example.emulab.net';

export async function startTestBoss(): Promise<ConformanceBoss & { readonly port: number }> {
  const boss = await startBoss({ experiment: loadExperiment('three-vnodes') });
  return {
    port: boss.port,
    endpoint: { name: BOSS_NAME, target: { kind: 'tcp', host: boss.host, ports: [boss.port] } },
    states: (id) => boss.states(id).map((s) => s.state),
    waitForState: (id, state, ms, o) => boss.waitForState(id, state, ms, o),
    stop: () => boss.stop(),
  };
}
