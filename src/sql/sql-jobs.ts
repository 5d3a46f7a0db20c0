import { answerQuestion, regenerate } from './service/answer-question.js';
import { explainQuery } from './service/explain-query.js';
import { manageSettings } from './service/manage-settings.js';
import { runOnSample } from './service/run-on-sample.js';
import { registerSchemaFile } from './service/schema-file.js';
import type { SqlJobDeps } from './sql-deps.js';
import type { SqlJob } from './sql-job.js';

/** Runs one SQL job from the work queue. Each task answers its own failures in Slack. */
export async function runSqlJob(job: SqlJob, deps: SqlJobDeps): Promise<void> {
  const { task } = job;
  switch (task.type) {
    case 'question':
      return answerQuestion(task, deps);
    case 'settings':
      return manageSettings(task, deps);
    case 'schema-file':
      return registerSchemaFile(task, deps);
    case 'run':
      return runOnSample(task, deps);
    case 'explain':
      return explainQuery(task, deps);
    case 'regenerate':
      return regenerate(task, deps);
  }
}
