import { fixedClock, seededRandom } from '../../src/util/random.ts';
import { inMemoryExperiments, START, simulateShoppers, twoArmDocument, writeExperimentsFile } from './shoppers.ts';

const file = writeExperimentsFile(twoArmDocument('a-a', { trendBoost: 0 }, { trendBoost: 0 }));
const random = seededRandom(7);
const t0 = performance.now();
let tSim = 0,
  tRep = 0,
  tOpen = 0;
for (let run = 0; run < 30; run++) {
  const clock = fixedClock(START);
  const a = performance.now();
  const experiments = await inMemoryExperiments(file, clock);
  const b = performance.now();
  tOpen += b - a;
  await simulateShoppers(experiments, {
    users: 300,
    prefix: `aa${run}`,
    random,
    clock,
    behaviour: () => ({ positive: 0.08, save: 0.04 }),
  });
  const c = performance.now();
  tSim += c - b;
  await experiments.report();
  tRep += performance.now() - c;
  await experiments.close();
}
console.log({ total: performance.now() - t0, tOpen, tSim, tRep });
