import type { Rule } from '../src/engine/rule.js';
import type { Span } from '../src/source/span.js';
import { useSite } from '../src/model/access.js';
import type { ProbeJob, ProbeTarget } from '../src/model/probes.js';

/** The URL as the exporter would fetch it: a trailing slash on the path does not matter. */
function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** The targets that reach the exporter as `?target=`. */
function probedTargets(job: ProbeJob): ProbeTarget[] {
  return [...job.paramTargets, ...(job.relabelsAddressToTarget ? job.staticTargets : [])];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

const rule: Rule = {
  id: 'liveness-probe',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'A blackbox-exporter scrape job (metrics_path = "/probe") probes the policy liveness URL.',
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const probes = model.probes;
    const fallback: Span | undefined = probes.scrapeConfigs?.origin ?? container.definedAt;
    if (!Array.isArray(probes.jobs)) return cannotVerify('`services.prometheus.scrapeConfigs`', probes.jobs, fallback);
    const jobs = probes.jobs;
    if (jobs.some((job) => probedTargets(job).some((t) => sameUrl(t.value.value, policy.probe)))) return;
    // Something not statically known might be the probe: say so instead of reporting.
    const unknown = [...probes.unknownJobs.map((j) => ({ what: 'a scrape job', value: j.value, at: j.at })), ...jobs.flatMap((j) => j.unknowns.map((u) => ({ ...u, at: j.at })))][0];
    if (unknown) return cannotVerify(unknown.what, unknown.value, unknown.at ?? fallback);
    const unrelabelled = jobs.find((job) => !job.relabelsAddressToTarget && job.staticTargets.some((t) => sameUrl(t.value.value, policy.probe)));
    if (unrelabelled) {
      const target = unrelabelled.staticTargets.find((t) => sameUrl(t.value.value, policy.probe))!;
      const at = unrelabelled.at ?? target.value.origin;
      if (at) {
        report(at, `The blackbox job${unrelabelled.name ? ` \`${unrelabelled.name}\`` : ''} lists ${policy.probe} but has no \`relabel_configs\` entry copying \`__address__\` to \`__param_target\`, so Prometheus scrapes the target's own /probe path instead of asking the exporter to probe it; add \`{ source_labels = [ "__address__" ]; target_label = "__param_target"; }\` and point \`__address__\` at the exporter.`, {
          related: target.value.origin ? [{ at: target.value.origin, message: 'the probe URL is listed here' }] : undefined,
        });
      }
      return;
    }
    const near = jobs.flatMap((j) => probedTargets(j)).find((t) => t.value.value.includes(hostOf(policy.probe)));
    const at = near?.value.origin ?? jobs[0]?.at ?? fallback;
    if (!at) return;
    const what = near ? `The blackbox probe targets \`${near.value.value}\`, not the policy URL ${policy.probe}` : jobs.length > 0 ? `No blackbox job probes ${policy.probe}` : `No blackbox-exporter scrape job (\`metrics_path = "/probe"\`) probes ${policy.probe}`;
    report(at, `${what}, so nobody is alerted when the PowerSync service stops answering (a liveness probe does not show a broken replication, which still needs its own check); add the URL to the \`static_configs\` targets of a blackbox job.`, {
      related: near ? useSite(near.value, near.site) : undefined,
    });
  },
};

export default rule;
