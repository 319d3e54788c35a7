import { parser } from '@prometheus-io/lezer-promql';

/** Grafana's built-in interval variables, replaced by a plain duration so the query parses as PromQL. */
const GRAFANA_INTERVALS =
  /\$(__rate_interval|__interval|__range)\b|\$\{(__rate_interval|__interval|__range)\}/g;

export interface PromqlNames {
  /** Metric names the expression selects (`name{...}`). */
  metrics: string[];
  /** Problems: syntax errors, or selectors without a metric name. */
  problems: string[];
}

/** Parses a PromQL expression (Prometheus' own grammar) and lists the metric names it reads. */
export function promqlNames(expression: string): PromqlNames {
  const text = expression.replace(GRAFANA_INTERVALS, '1m');
  const metrics = new Set<string>();
  const problems: string[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError)
        problems.push(`syntax error at ${node.from}: "${text.slice(node.from, node.from + 20)}"`);
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier) metrics.add(text.slice(identifier.from, identifier.to));
      else problems.push(`selector without a metric name: ${text.slice(node.from, node.to)}`);
    },
  });
  return { metrics: [...metrics].sort(), problems };
}
