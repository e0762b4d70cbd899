import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { appEnvNames, isSecretName } from "./app-env";
import { K8S_DIR, kustomization, loadManifests, modelFor, only, podTemplate, type TContainer, type TManifest } from "./manifests";

const manifests = loadManifests();
const workloads = manifests.flatMap((m) => {
  const template = podTemplate(m);
  return template ? [{ manifest: m, template }] : [];
});
const containers = workloads.flatMap((w) => w.template.spec.containers.map((c) => ({ ...c, owner: `${w.manifest.kind} ${w.manifest.metadata.name}` })));
const SECRET = only(manifests, "Secret", "signalboard-secrets");
const CONFIG = only(manifests, "ConfigMap", "signalboard-config");
const WEB = only(manifests, "Deployment", "signalboard-web");
const WORKER = only(manifests, "Deployment", "signalboard-worker");
const webContainer = podTemplate(WEB)!.spec.containers[0]!;

describe("deploy/k8s", () => {
  it("lists every manifest in the kustomization", () => {
    const files = fs.readdirSync(K8S_DIR).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
    expect([...kustomization().resources].sort()).toEqual(files.sort());
  });

  it("validates against the Kubernetes schemas", () => {
    for (const manifest of manifests) {
      const { file, ...data } = manifest;
      const Model = modelFor(data.apiVersion, data.kind);
      expect(Model, `${file}: no schema for ${data.apiVersion} ${data.kind}`).not.toBeNull();
      expect(() => new Model!(data).validate(), file).not.toThrow();
    }
  });

  it("the schema check refuses a malformed manifest", () => {
    const Model = modelFor("apps/v1", "Deployment");
    const broken = structuredClone(WEB) as TManifest & { spec: { template: { spec: { containers: TContainer[] } } } };
    (broken.spec.template.spec.containers[0]!.ports![0] as { containerPort: unknown }).containerPort = "http";
    expect(() => new Model!(broken).validate()).toThrow(/containerPort/);
  });

  it("selects each Deployment's own pods, and the Service and Ingress reach the web server by port name", () => {
    for (const { manifest, template } of workloads.filter((w) => w.manifest.kind === "Deployment")) {
      const selector = (manifest.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      expect(template.metadata?.labels, manifest.metadata.name).toMatchObject(selector);
    }
    expect(podTemplate(WORKER)!.metadata!.labels).not.toMatchObject(podTemplate(WEB)!.metadata!.labels!);

    const service = only(manifests, "Service", "signalboard-web").spec as { selector: Record<string, string>; ports: { name: string; targetPort: string }[] };
    expect(podTemplate(WEB)!.metadata!.labels).toMatchObject(service.selector);
    const containerPorts = (webContainer.ports ?? []).map((p) => p.name);
    for (const port of service.ports) {
      expect(typeof port.targetPort, "a named port, not a number").toBe("string");
      expect(containerPorts).toContain(port.targetPort);
    }
    const ingress = only(manifests, "Ingress", "signalboard-web").spec as {
      rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
    };
    for (const backend of ingress.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service))) {
      expect(backend.name).toBe("signalboard-web");
      expect(service.ports.map((p) => p.name)).toContain(backend.port.name);
    }
  });

  it("checks the web server's readiness and liveness on /api/health through its named port", () => {
    const ports = (webContainer.ports ?? []).map((p) => p.name);
    for (const probe of [webContainer.readinessProbe, webContainer.livenessProbe]) {
      expect(probe?.httpGet?.path).toBe("/api/health");
      expect(ports).toContain(probe?.httpGet?.port);
    }
  });

  it("runs one image for web, worker and the migration, with the role as the command", () => {
    const images = new Set(containers.map((c) => c.image));
    expect(images.size).toBe(1);
    expect(kustomization().images?.map((i) => i.name)).toEqual([...images]);
    const roles = Object.fromEntries(containers.map((c) => [c.owner, c.args]));
    expect(roles).toEqual({ "Deployment signalboard-web": ["web"], "Deployment signalboard-worker": ["worker"], "Job signalboard-migrate": ["migrate"] });
    // Only the worker runs jobs: the web servers leave the scheduler off.
    expect(webContainer.env).toContainEqual({ name: "SIGNALBOARD_LOCAL_SCHEDULER", value: "off" });
  });

  it("scales web on CPU and workers on the job queue depth", () => {
    const hpa = (name: string) => only(manifests, "HorizontalPodAutoscaler", name).spec as {
      scaleTargetRef: { kind: string; name: string };
      metrics: { type: string; resource?: { name: string }; external?: { metric: { name: string } } }[];
    };
    expect(hpa("signalboard-web").scaleTargetRef).toMatchObject({ kind: "Deployment", name: WEB.metadata.name });
    expect(hpa("signalboard-web").metrics).toEqual([expect.objectContaining({ type: "Resource", resource: expect.objectContaining({ name: "cpu" }) })]);
    expect(hpa("signalboard-worker").scaleTargetRef).toMatchObject({ kind: "Deployment", name: WORKER.metadata.name });
    expect(hpa("signalboard-worker").metrics.map((m) => m.external?.metric.name)).toEqual(["signalboard_job_queue_depth"]);
  });

  it("takes every credential the app reads from the Secret, and sets none in plain text", () => {
    const secretKeys = Object.keys(SECRET.stringData ?? {});
    const credentials = [...appEnvNames()].filter(isSecretName);
    expect(credentials.length).toBeGreaterThan(10);
    expect(credentials.filter((name) => !secretKeys.includes(name))).toEqual([]);
    // A template: no value is committed.
    expect(Object.values(SECRET.stringData ?? {}).filter(Boolean)).toEqual([]);
    expect(Object.keys(CONFIG.data ?? {}).filter(isSecretName)).toEqual([]);
    for (const container of containers) {
      expect(container.envFrom, container.owner).toContainEqual({ secretRef: { name: SECRET.metadata.name } });
      expect(container.envFrom, container.owner).toContainEqual({ configMapRef: { name: CONFIG.metadata.name } });
      expect((container.env ?? []).filter((e) => isSecretName(e.name)).map((e) => e.name), container.owner).toEqual([]);
    }
  });

  it("runs as a non-root user on a read-only root file system, with requests and limits", () => {
    for (const { manifest, template } of workloads) {
      expect(template.spec.securityContext?.runAsNonRoot, manifest.metadata.name).toBe(true);
    }
    for (const container of containers) {
      expect(container.securityContext, container.owner).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
      for (const kind of ["requests", "limits"] as const) {
        expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${container.owner} ${kind}`).toEqual(["cpu", "memory"]);
      }
    }
  });
});
