/** Scenario ids other scenarios' ratios refer to, in a leaf module so scenario files never import each other in a circle. */
export const DIRECT = 'direct';
export const BARE_PROXY = 'bare-proxy';
export const PORTICO_PLAIN = 'portico-plain';
export const APPLICATION_ROUTE = 'portico-application';
export const APPLICATION_FRESH_TOKENS = 'portico-application-fresh-token';
export const PLAIN_QUIET = 'portico-plain-quiet';
export const APPLICATION_QUIET = 'portico-application-quiet';

/** Issue 11: metrics and the access log may cost at most 5 % of throughput (log on ÷ log off). */
export const OBSERVING_TARGET = 0.95;
