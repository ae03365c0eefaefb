/** Scenario ids other scenarios' ratios refer to, in a leaf module so scenario files never import each other in a circle. */
export const DIRECT = 'direct';
export const BARE_PROXY = 'bare-proxy';
export const PORTICO_PLAIN = 'portico-plain';
export const APPLICATION_ROUTE = 'portico-application';
export const APPLICATION_FRESH_TOKENS = 'portico-application-fresh-token';
/** The access-log A/B's sides (observability.scenarios.ts). */
export const PLAIN_LOG_ON = 'portico-plain-log-on';
export const PLAIN_LOG_OFF = 'portico-plain-log-off';
export const APPLICATION_LOG_ON = 'portico-application-log-on';
export const APPLICATION_LOG_OFF = 'portico-application-log-off';

/** Issue 11: metrics and the access log may cost at most 5 % of throughput (log on ÷ log off). */
export const OBSERVING_TARGET = 0.95;
