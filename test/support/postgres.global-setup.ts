import { CLUSTER_ENV, startCluster } from './postgres';

/** One cluster per jest run, shared by every test file of the `postgres` project. */
export default async function globalSetup(): Promise<void> {
  if (process.env[CLUSTER_ENV]) return;
  const cluster = await startCluster();
  process.env[CLUSTER_ENV] = JSON.stringify(cluster);
}
