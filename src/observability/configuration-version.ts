import { Injectable } from '@nestjs/common';
import { ConfigChanges } from '../common/config-changes';
import { readConfigurationVersionWith } from './metrics';

/** Puts the change feed's version on /metrics; wired here so the feed itself knows nothing of metrics. */
@Injectable()
export class ConfigurationVersionMetric {
  constructor(changes: ConfigChanges) {
    readConfigurationVersionWith(() => changes.version);
  }
}
