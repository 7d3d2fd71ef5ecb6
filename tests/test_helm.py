"""The Helm chart in helm/llm-policy-proxy, rendered offline by real Helm (helm-python-sdk binds Helm's
Go SDK), linted, validated against Kubernetes JSON schemas (kubernetes-validate), and its rendered
policy checked with `llm-proxy check`."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "helm" / "llm-policy-proxy"
KUBE_VERSION = "1.33.0"  # schemas shipped by kubernetes-validate; a version clusters run today
RELEASE = "rel"
NAMESPACE = "llm"

Doc = dict[str, Any]


def _ci_values(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((CHART / "ci" / name).read_text())
    return loaded


FULL = _ci_values("values-full.yaml")
SIDECAR = _ci_values("values-sidecar.yaml")


@pytest.fixture(scope="module")
def chart() -> Iterator[helm.Chart]:
    with helm.Chart.load(CHART) as loaded:
        yield loaded


def render(chart: helm.Chart, values: dict[str, Any] | None = None) -> list[Doc]:
    manifests = chart.render(values or {}, name=RELEASE, namespace=NAMESPACE, is_install=True)
    docs: list[Doc] = []
    for path, text in sorted(manifests.items()):
        if path.endswith("NOTES.txt"):
            continue
        docs.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return docs


def kinds(docs: list[Doc]) -> list[str]:
    return sorted(doc["kind"] for doc in docs)


def one(docs: list[Doc], kind: str) -> Doc:
    found = [doc for doc in docs if doc["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, got {len(found)}"
    return found[0]


def proxy_container(deployment: Doc) -> Doc:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    matches = [c for c in containers if c["name"] == "llm-proxy"]
    assert len(matches) == 1
    container: Doc = matches[0]
    return container


def policy_text(docs: list[Doc]) -> str:
    text: str = one(docs, "ConfigMap")["data"]["config.yaml"]
    return text


def checksum(docs: list[Doc]) -> str:
    deployment = one(docs, "Deployment")
    value: str = deployment["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
    return value


@pytest.fixture(scope="module")
def default_docs(chart: helm.Chart) -> list[Doc]:
    return render(chart)


@pytest.fixture(scope="module")
def full_docs(chart: helm.Chart) -> list[Doc]:
    return render(chart, FULL)


@pytest.fixture(scope="module")
def sidecar_docs(chart: helm.Chart) -> list[Doc]:
    return render(chart, SIDECAR)


@pytest.mark.parametrize("values", [{}, FULL, SIDECAR], ids=["default", "full", "sidecar"])
def test_lint_passes_strict(values: dict[str, Any]) -> None:
    report = helm.lint(CHART, values, strict=True, namespace=NAMESPACE)
    problems = [m for m in report["messages"] if m["severity"] >= 2]  # 2 warning, 3 error
    assert not problems, problems
    assert not report["errors"], report["errors"]


def test_what_renders_per_mode(default_docs: list[Doc], full_docs: list[Doc], sidecar_docs: list[Doc]) -> None:
    assert kinds(default_docs) == ["ConfigMap", "Deployment", "Service", "ServiceAccount"]
    assert kinds(full_docs) == [
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Ingress",
        "PodDisruptionBudget",
        "Service",
        "ServiceAccount",
        "ServiceMonitor",
    ]
    # Sidecar mode: the policy and the example app carrying the proxy; no proxy Service of its own.
    assert kinds(sidecar_docs) == ["ConfigMap", "Deployment"]
    assert "replicas" not in one(full_docs, "Deployment")["spec"]  # the HPA owns it


@pytest.mark.parametrize("name", ["default", "full", "sidecar"])
def test_every_manifest_validates(name: str, request: pytest.FixtureRequest) -> None:
    docs: list[Doc] = request.getfixturevalue(f"{name}_docs")
    for doc in docs:
        if doc["apiVersion"] == "monitoring.coreos.com/v1":
            continue  # a CRD: kubernetes-validate has no schema; test_service_monitor checks it by hand
        kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
        assert doc["metadata"]["namespace"] == NAMESPACE


def test_service_monitor(full_docs: list[Doc]) -> None:
    # Checked by hand: ServiceMonitor is a Prometheus Operator CRD with no schema in kubernetes-validate.
    monitor = one(full_docs, "ServiceMonitor")
    service = one(full_docs, "Service")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    assert monitor["metadata"]["labels"]["release"] == "prometheus"
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": [NAMESPACE]}
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] == "http"
    assert endpoint["path"] == "/metrics"
    assert endpoint["interval"] == "15s"
    assert endpoint["authorization"] == {"type": "Bearer", "credentials": {"name": "llm-proxy-metrics", "key": "token"}}
    assert set(endpoint) <= {"port", "path", "scheme", "interval", "scrapeTimeout", "authorization"}
    # The proxy side reads the same Secret key.
    env = {e["name"]: e for e in proxy_container(one(full_docs, "Deployment"))["env"]}
    assert env["LLM_PROXY_METRICS_TOKEN"]["valueFrom"]["secretKeyRef"] == {"name": "llm-proxy-metrics", "key": "token"}
    assert "bearer_token: ${LLM_PROXY_METRICS_TOKEN}" in policy_text(full_docs)


def test_deployment_security_probes_and_mounts(default_docs: list[Doc]) -> None:
    deployment = one(default_docs, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    assert pod["terminationGracePeriodSeconds"] == 45
    container = proxy_container(deployment)
    sc = container["securityContext"]
    assert sc["runAsNonRoot"] is True
    assert sc["runAsUser"] == 10001
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
    assert container["image"] == "llm-policy-proxy:0.1.0"  # appVersion
    assert container["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert container["command"][-2:] == ["--host", "0.0.0.0"]
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert container["lifecycle"]["preStop"] == {"exec": {"command": ["sleep", "5"]}}
    assert container["resources"]["requests"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["LLM_PROXY_CONFIG"] == "/etc/llm-proxy/config.yaml"
    assert env["LLM_PROXY_WORKERS"] == "1"
    assert env["LLM_PROXY_WATCH_CONFIG"] == "1"
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert set(mounts) == {"/etc/llm-proxy", "/tmp"}
    assert all("subPath" not in m for m in container["volumeMounts"])  # kubelet must propagate edits
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes[mounts["/tmp"]]["emptyDir"] is not None
    assert volumes[mounts["/etc/llm-proxy"]]["configMap"]["name"] == one(default_docs, "ConfigMap")["metadata"]["name"]
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == "8080"
    assert annotations["prometheus.io/path"] == "/metrics"
    service = one(default_docs, "Service")
    assert service["spec"]["type"] == "ClusterIP"
    assert service["spec"]["ports"] == [{"name": "http", "port": 8080, "targetPort": "http", "protocol": "TCP"}]


def test_checksum_follows_the_policy(chart: helm.Chart, default_docs: list[Doc]) -> None:
    base = checksum(default_docs)
    assert len(base) == 64
    assert checksum(render(chart)) == base  # stable
    changed = copy.deepcopy(chart.values["config"])
    changed["server"]["drain_timeout_s"] = 25
    assert checksum(render(chart, {"config": changed})) != base
    assert checksum(render(chart, {"redis": {"url": "redis://redis:6379/0"}})) != base
    assert checksum(render(chart, {"replicaCount": 5})) == base  # not a policy change


def test_no_secret_values_rendered(chart: helm.Chart, full_docs: list[Doc], sidecar_docs: list[Doc]) -> None:
    for docs in (full_docs, sidecar_docs):
        assert "Secret" not in kinds(docs)
        for doc in docs:
            if doc["kind"] != "Deployment":
                continue
            for container in doc["spec"]["template"]["spec"]["containers"]:
                for env in container.get("env", []):
                    if env["name"].endswith(("_KEY", "_TOKEN")) or env["name"] == "REDIS_URL":
                        assert "value" not in env, env
                        assert set(env["valueFrom"]) == {"secretKeyRef"}
    container = proxy_container(one(full_docs, "Deployment"))
    assert container["envFrom"] == [{"secretRef": {"name": "llm-proxy-provider-keys"}}]
    policy = yaml.safe_load(policy_text(full_docs))
    assert policy["providers"]["openai"]["api_key"] == "${OPENAI_API_KEY}"
    assert policy["keys"] == [{"name": "team-a", "secret": "${TEAM_A_KEY}"}]
    assert policy["state"]["redis_url"] == "${REDIS_URL}"
    assert chart.values["config"]["providers"]["openai"]["api_key"] == "${OPENAI_API_KEY:-}"


def test_redis_url_and_workers(chart: helm.Chart) -> None:
    docs = render(chart, {"redis": {"url": "redis://redis.cache:6379/0"}, "workers": 4})
    policy = yaml.safe_load(policy_text(docs))
    assert policy["state"]["redis_url"] == "redis://redis.cache:6379/0"
    assert policy["server"]["workers"] == "${LLM_PROXY_WORKERS:-1}"
    env = {e["name"]: e.get("value") for e in proxy_container(one(docs, "Deployment"))["env"]}
    assert env["LLM_PROXY_WORKERS"] == "4"
    assert "REDIS_URL" not in env
    off = render(chart, {"watchConfig": False})
    assert "LLM_PROXY_WATCH_CONFIG" not in {e["name"] for e in proxy_container(one(off, "Deployment"))["env"]}


def test_grace_period_must_cover_prestop_and_drain(chart: helm.Chart) -> None:
    with pytest.raises(helm.HelmRenderError, match="terminationGracePeriodSeconds"):
        render(chart, {"terminationGracePeriodSeconds": 35})  # 5 s sleep + 30 s drain
    docs = render(chart, {"terminationGracePeriodSeconds": 36})
    assert one(docs, "Deployment")["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] == 36


def test_full_values_options(full_docs: list[Doc]) -> None:
    container = proxy_container(one(full_docs, "Deployment"))
    assert container["lifecycle"]["preStop"] == {"sleep": {"seconds": 10}}
    hpa = one(full_docs, "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"][0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 60}
    assert one(full_docs, "PodDisruptionBudget")["spec"]["minAvailable"] == 2
    ingress = one(full_docs, "Ingress")
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": one(full_docs, "Service")["metadata"]["name"], "port": {"name": "http"}}


def test_sidecar_mode(sidecar_docs: list[Doc]) -> None:
    app = one(sidecar_docs, "Deployment")
    names = [c["name"] for c in app["spec"]["template"]["spec"]["containers"]]
    assert names == ["app", "llm-proxy"]
    proxy = proxy_container(app)
    assert proxy["command"][-2:] == ["--host", "127.0.0.1"]
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz")):
        assert proxy[probe]["exec"]["command"][-1] == f"http://127.0.0.1:8080{path}"
    assert proxy["securityContext"]["readOnlyRootFilesystem"] is True
    assert yaml.safe_load(policy_text(sidecar_docs))["server"]["host"] == "127.0.0.1"
    assert "checksum/config" in app["spec"]["template"]["metadata"]["annotations"]


def test_app_chart_includes_the_sidecar_template(tmp_path: Path) -> None:
    """The documented way: an app chart depends on this chart and includes the named templates."""
    app = tmp_path / "sidecar-app"
    shutil.copytree(CHART / "examples" / "sidecar-app", app)
    shutil.copytree(CHART, app / "charts" / "llm-policy-proxy", ignore=shutil.ignore_patterns("examples"))
    with helm.Chart.load(app) as app_chart:
        docs = render(app_chart)
    assert kinds(docs) == ["ConfigMap", "Deployment"]
    for doc in docs:
        kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
    deployment = one(docs, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    proxy = proxy_container(deployment)
    assert proxy["command"][-2:] == ["--host", "127.0.0.1"]
    volume = next(v for v in pod["volumes"] if v["name"] == "llm-proxy-config")
    assert volume["configMap"]["name"] == one(docs, "ConfigMap")["metadata"]["name"]
    assert deployment["spec"]["template"]["metadata"]["annotations"]["checksum/llm-proxy-config"]


def _pod_env(deployment: Doc) -> dict[str, str]:
    """The environment the proxy container would get, secrets replaced by placeholders."""
    env = {"PATH": os.environ.get("PATH", "")}
    for item in proxy_container(deployment)["env"]:
        env[item["name"]] = item.get("value", "redis://redis:6379/0" if item["name"] == "REDIS_URL" else "x-secret")
    return env


@pytest.mark.parametrize("name", ["default", "full", "sidecar"])
def test_rendered_policy_passes_llm_proxy_check(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    docs: list[Doc] = request.getfixturevalue(f"{name}_docs")
    path = tmp_path / "config.yaml"
    path.write_text(policy_text(docs))
    result = subprocess.run(
        [sys.executable, "-m", "proxy", "check", str(path)],
        env=_pod_env(one(docs, "Deployment")),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "policy OK" in result.stderr
    assert "x-secret" not in result.stdout  # secrets print masked
