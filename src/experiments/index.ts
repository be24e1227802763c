/**
 * A/B experiments of the advisor: what the engine, the `experiments` command and the stylist console use.
 * See `experiments.ts` for the service, `report.ts` for what the figures mean.
 */
export { type Assignment, assignArms, bucketPosition, mergeArmParams } from './assign.ts';
export {
  type Arm,
  type ArmParams,
  type Experiment,
  ExperimentConfigError,
  type ExperimentsConfig,
  isActive,
  loadExperimentsConfig,
  OUTCOME_TYPES,
  type OutcomeType,
  parseExperimentsConfig,
} from './definitions.ts';
export {
  createExperiments,
  type Experiments,
  type ExperimentsDependencies,
  type ExposureInput,
  type OutcomeInput,
} from './experiments.ts';
export { escapeHtml, renderExperimentsReport } from './html.ts';
export { buildReport, type ExperimentReport, type ExperimentsReport, formatReport } from './report.ts';
export { type ExperimentStore, openPostgresExperimentStore, openSqliteExperimentStore } from './store.ts';
