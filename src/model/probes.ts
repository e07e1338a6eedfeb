import type { Span } from '../source/span.js';
import type { StringValue, UnknownValue, Value } from '../nix/eval/value.js';
import { field, listEntries, listItems } from './access.js';

/**
 * Blackbox-exporter probes as Prometheus scrapes them: the URL is not a blackbox option but a
 * target of a `services.prometheus.scrapeConfigs` job with `metrics_path = "/probe"`, passed to
 * the exporter as `?target=` — by the `__address__ → __param_target` relabelling of
 * `static_configs` targets, or directly as `params.target`.
 */
export interface ProbeTarget {
  value: StringValue;
  /** The list element as written (differs from the value's origin for a let-bound URL). */
  site?: Span;
}

export interface ProbeJob {
  /** `job_name`, when known. */
  name?: string;
  job: Value;
  /** Where the job's attrset was written. */
  at?: Span;
  /** `static_configs[].targets[]`. */
  staticTargets: ProbeTarget[];
  /** `params.target[]`: the URL handed to the exporter as is. */
  paramTargets: ProbeTarget[];
  /** Whether a `relabel_configs` entry copies `__address__` into `__param_target`. */
  relabelsAddressToTarget: boolean;
  /** Parts of the job that are not statically known. */
  unknowns: { what: string; value: UnknownValue }[];
}

export interface ProbesModel {
  /** The merged `services.prometheus.scrapeConfigs`, when any module defines it. */
  scrapeConfigs?: Value;
  /** The jobs with `metrics_path = "/probe"`; unknown when the list itself is not known. */
  jobs: ProbeJob[] | UnknownValue;
  /** Jobs whose `metrics_path` is not statically known. */
  unknownJobs: { at?: Span; value: UnknownValue }[];
}

export function findProbes(config: Value): ProbesModel {
  const scrapeConfigs = field(config, 'services', 'prometheus', 'scrapeConfigs');
  const entries = listEntries(scrapeConfigs);
  if (!Array.isArray(entries)) return { scrapeConfigs, jobs: entries, unknownJobs: [] };
  const jobs: ProbeJob[] = [];
  const unknownJobs: { at?: Span; value: UnknownValue }[] = [];
  for (const { value: job, site } of entries) {
    if (job.kind === 'unknown') {
      unknownJobs.push({ at: site, value: job });
      continue;
    }
    const metricsPath = field(job, 'metrics_path');
    if (metricsPath?.kind === 'unknown') {
      unknownJobs.push({ at: site, value: metricsPath });
      continue;
    }
    if (metricsPath?.kind !== 'string' || metricsPath.value !== '/probe') continue;
    const unknowns: ProbeJob['unknowns'] = [];
    const name = field(job, 'job_name');
    jobs.push({
      name: name?.kind === 'string' ? name.value : undefined,
      job,
      at: site ?? job.origin,
      staticTargets: staticTargets(job, unknowns),
      paramTargets: targetsIn(field(job, 'params', 'target'), '`params.target`', unknowns),
      relabelsAddressToTarget: relabels(job, unknowns),
      unknowns,
    });
  }
  return { scrapeConfigs, jobs, unknownJobs };
}

function staticTargets(job: Value, unknowns: ProbeJob['unknowns']): ProbeTarget[] {
  const configs = listItems(field(job, 'static_configs'));
  if (!Array.isArray(configs)) {
    unknowns.push({ what: '`static_configs`', value: configs });
    return [];
  }
  return configs.flatMap((c) => (c.kind === 'unknown' ? (unknowns.push({ what: 'a `static_configs` entry', value: c }), []) : targetsIn(field(c, 'targets'), '`static_configs` targets', unknowns)));
}

function targetsIn(list: Value | undefined, what: string, unknowns: ProbeJob['unknowns']): ProbeTarget[] {
  const entries = listEntries(list);
  if (!Array.isArray(entries)) {
    unknowns.push({ what, value: entries });
    return [];
  }
  const targets: ProbeTarget[] = [];
  for (const { value, site } of entries) {
    if (value.kind === 'unknown') unknowns.push({ what: `a target in ${what}`, value });
    else if (value.kind === 'string') targets.push({ value, site });
  }
  return targets;
}

/** `{ source_labels = [ "__address__" ]; target_label = "__param_target"; }` (the default
 * action `replace` with the default regex `(.*)` copies the address). */
function relabels(job: Value, unknowns: ProbeJob['unknowns']): boolean {
  const rules = listItems(field(job, 'relabel_configs'));
  if (!Array.isArray(rules)) {
    unknowns.push({ what: '`relabel_configs`', value: rules });
    return true;
  }
  return rules.some((rule) => {
    if (rule.kind === 'unknown') {
      unknowns.push({ what: 'a `relabel_configs` entry', value: rule });
      return true;
    }
    const target = field(rule, 'target_label');
    const action = field(rule, 'action');
    const sources = listItems(field(rule, 'source_labels'));
    const fromAddress = Array.isArray(sources) && sources.length === 1 && sources[0].kind === 'string' && sources[0].value === '__address__';
    const replaces = action === undefined || (action.kind === 'string' && action.value === 'replace');
    return target?.kind === 'string' && target.value === '__param_target' && fromAddress && replaces;
  });
}
