// The Kubernetes manifests of deploy/k8s, parsed: every document of every file the
// kustomization lists, and the workloads' pod templates.
import fs from "node:fs";
import path from "node:path";
import * as apps from "kubernetes-models/apps/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as batch from "kubernetes-models/batch/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as core from "kubernetes-models/v1";
import { parseAllDocuments, parse } from "yaml";

export const K8S_DIR = "deploy/k8s";

export type TManifest = {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: unknown;
};
// The parts of a pod template the checks read.
export type TContainer = {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
};
export type TPodTemplate = { metadata?: { labels?: Record<string, string> }; spec: { containers: TContainer[]; securityContext?: { runAsNonRoot?: boolean } } };

export function kustomization(): { resources: string[]; images?: { name: string; newName?: string; newTag?: string }[] } {
  return parse(fs.readFileSync(path.join(K8S_DIR, "kustomization.yaml"), "utf8"));
}

export function loadManifests(): TManifest[] {
  return kustomization().resources.flatMap((file) => {
    const documents = parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, file), "utf8"));
    return documents.map((document) => {
      if (document.errors.length) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return { ...(document.toJS() as Omit<TManifest, "file">), file } as TManifest;
    });
  });
}

export function podTemplate(manifest: TManifest): TPodTemplate | null {
  const spec = manifest.spec as { template?: TPodTemplate } | undefined;
  return manifest.kind === "Deployment" || manifest.kind === "Job" ? (spec?.template ?? null) : null;
}

export function only(manifests: TManifest[], kind: string, name: string): TManifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  if (found.length !== 1) throw new Error(`Expected one ${kind} ${name}, found ${found.length}.`);
  return found[0]!;
}

// The API groups the manifests use; a manifest of another group finds no schema and fails.
const GROUPS: Record<string, Record<string, unknown>> = { v1: core, "apps/v1": apps, "batch/v1": batch, "networking.k8s.io/v1": networking, "autoscaling/v2": autoscaling };

/** The kubernetes-models class for a manifest's apiVersion and kind, to validate it with. */
export function modelFor(apiVersion: string, kind: string): (new (data: unknown) => { validate(): void }) | null {
  return (GROUPS[apiVersion]?.[kind] as new (data: unknown) => { validate(): void }) ?? null;
}
