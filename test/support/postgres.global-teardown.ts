import { deleteCluster, runCluster } from './postgres';

export default async function globalTeardown(): Promise<void> {
  const cluster = runCluster();
  if (cluster) deleteCluster(cluster);
}
