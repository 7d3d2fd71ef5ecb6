{{/*
Every helper takes a dict: "root" (the top-level context, $) and "proxy" (this chart's values:
.Values here, .Values.<alias> from an app chart that depends on this one). Names never use
.Chart.Name, so an app chart computes the same ConfigMap name as this chart does.
*/}}

{{- define "llm-policy-proxy.name" -}}
{{- .proxy.nameOverride | default "llm-policy-proxy" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "llm-policy-proxy.fullname" -}}
{{- if .proxy.fullnameOverride -}}
{{- .proxy.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "llm-policy-proxy.name" . -}}
{{- if contains $name .root.Release.Name -}}
{{- .root.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .root.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "llm-policy-proxy.configMapName" -}}
{{- printf "%s-config" (include "llm-policy-proxy.fullname" . | trunc 56 | trimSuffix "-") -}}
{{- end -}}

{{- define "llm-policy-proxy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "llm-policy-proxy.name" . }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "llm-policy-proxy.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "llm-policy-proxy.selectorLabels" . }}
app.kubernetes.io/version: {{ include "llm-policy-proxy.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{- define "llm-policy-proxy.serviceAccountName" -}}
{{- if .proxy.serviceAccount.create -}}
{{- .proxy.serviceAccount.name | default (include "llm-policy-proxy.fullname" .) -}}
{{- else -}}
{{- .proxy.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The image tag: image.tag, else this chart's appVersion; required when included from another chart. */}}
{{- define "llm-policy-proxy.imageTag" -}}
{{- if .proxy.image.tag -}}
{{- .proxy.image.tag -}}
{{- else if eq .root.Chart.Name "llm-policy-proxy" -}}
{{- .root.Chart.AppVersion -}}
{{- else -}}
{{- required "set <alias>.image.tag (the llm-policy-proxy image tag) when using the sidecar templates" .proxy.image.tag -}}
{{- end -}}
{{- end -}}

{{/*
The policy file (config.yaml): .proxy.config with the settings the chart owns forced on top.
*/}}
{{- define "llm-policy-proxy.configYaml" -}}
{{- $p := .proxy -}}
{{- $cfg := deepCopy ($p.config | default dict) -}}
{{- $server := deepCopy (get $cfg "server" | default dict) -}}
{{- $_ := set $server "host" (ternary "127.0.0.1" "0.0.0.0" (eq (toString $p.sidecar.enabled) "true")) -}}
{{- $_ = set $server "port" 8080 -}}
{{- $_ = set $server "workers" "${LLM_PROXY_WORKERS:-1}" -}}
{{- $_ = set $cfg "server" $server -}}
{{- if or $p.redis.existingSecret $p.redis.url -}}
{{- $state := deepCopy (get $cfg "state" | default dict) -}}
{{- $_ = set $state "redis_url" (ternary "${REDIS_URL}" $p.redis.url (not (empty $p.redis.existingSecret))) -}}
{{- $_ = set $cfg "state" $state -}}
{{- end -}}
{{- if $p.metrics.bearerToken.existingSecret -}}
{{- $m := deepCopy (get $cfg "metrics" | default dict) -}}
{{- $_ = set $m "bearer_token" "${LLM_PROXY_METRICS_TOKEN}" -}}
{{- $_ = set $cfg "metrics" $m -}}
{{- end -}}
{{- toYaml $cfg -}}
{{- end -}}

{{/* sha256 of the policy: put on the pod template so a policy change rolls the pods. */}}
{{- define "llm-policy-proxy.configChecksum" -}}
{{- include "llm-policy-proxy.configYaml" . | sha256sum -}}
{{- end -}}

{{/* Refuse a grace period that would SIGKILL the proxy in the middle of its drain. */}}
{{- define "llm-policy-proxy.checkGrace" -}}
{{- $p := .proxy -}}
{{- $drain := int (dig "server" "drain_timeout_s" 30 ($p.config | default dict)) -}}
{{- $sleep := int ($p.lifecycle.preStopSleepSeconds | default 0) -}}
{{- $grace := int $p.terminationGracePeriodSeconds -}}
{{- if le $grace (add $drain $sleep) -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed lifecycle.preStopSleepSeconds (%d) + config.server.drain_timeout_s (%d)" $grace $sleep $drain) -}}
{{- end -}}
{{- end -}}

{{/* The ConfigMap holding config.yaml (rendered by this chart in both modes). */}}
{{- define "llm-policy-proxy.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "llm-policy-proxy.configMapName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "llm-policy-proxy.labels" . | nindent 4 }}
data:
  config.yaml: |
    {{- include "llm-policy-proxy.configYaml" . | nindent 4 }}
{{- end -}}

{{/*
Pod volumes for the proxy: the policy ConfigMap (mounted as a directory, not subPath, so kubelet
propagates ConfigMap edits and the file watch sees them) and the /tmp emptyDir.
*/}}
{{- define "llm-policy-proxy.configVolume" -}}
- name: llm-proxy-config
  configMap:
    name: {{ include "llm-policy-proxy.configMapName" . }}
- name: llm-proxy-tmp
  emptyDir:
    {{- if .proxy.tmpDir.medium }}
    medium: {{ .proxy.tmpDir.medium }}
    {{- end }}
    {{- if .proxy.tmpDir.sizeLimit }}
    sizeLimit: {{ .proxy.tmpDir.sizeLimit }}
    {{- end }}
{{- end -}}

{{- define "llm-policy-proxy.probe" -}}
{{- $probe := .probe -}}
{{- if .sidecar }}
exec:
  command:
    {{- range .proxy.sidecar.probeCommand }}
    - {{ . | quote }}
    {{- end }}
    - {{ printf "http://127.0.0.1:8080%s" $probe.path | quote }}
{{- else }}
httpGet:
  path: {{ $probe.path }}
  port: http
{{- end }}
periodSeconds: {{ $probe.periodSeconds }}
timeoutSeconds: {{ $probe.timeoutSeconds }}
failureThreshold: {{ $probe.failureThreshold }}
{{- end -}}

{{/* The proxy container. Extra dict key "sidecar" (bool): listen on 127.0.0.1 with exec probes. */}}
{{- define "llm-policy-proxy.container" -}}
{{- $p := .proxy -}}
{{- $sidecar := .sidecar | default false -}}
{{- include "llm-policy-proxy.checkGrace" . -}}
- name: llm-proxy
  image: {{ printf "%s:%s" $p.image.repository (include "llm-policy-proxy.imageTag" .) | quote }}
  imagePullPolicy: {{ $p.image.pullPolicy }}
  command:
    - llm-proxy
    - serve
    - --config
    - /etc/llm-proxy/config.yaml
    - --host
    - {{ ternary "127.0.0.1" "0.0.0.0" $sidecar | quote }}
  ports:
    - name: {{ ternary "llm-proxy" "http" $sidecar }}
      containerPort: 8080
      protocol: TCP
  env:
    - name: LLM_PROXY_CONFIG
      value: /etc/llm-proxy/config.yaml
    - name: LLM_PROXY_WORKERS
      value: {{ $p.workers | toString | quote }}
    {{- if eq (toString $p.watchConfig) "true" }}
    - name: LLM_PROXY_WATCH_CONFIG
      value: "1"
    {{- end }}
    {{- if $p.existingSecret }}
    {{- range $p.secretEnv }}
    - name: {{ .name }}
      valueFrom:
        secretKeyRef:
          name: {{ $p.existingSecret }}
          key: {{ .key }}
    {{- end }}
    {{- end }}
    {{- if $p.redis.existingSecret }}
    - name: REDIS_URL
      valueFrom:
        secretKeyRef:
          name: {{ $p.redis.existingSecret }}
          key: {{ $p.redis.secretKey }}
    {{- end }}
    {{- if $p.metrics.bearerToken.existingSecret }}
    - name: LLM_PROXY_METRICS_TOKEN
      valueFrom:
        secretKeyRef:
          name: {{ $p.metrics.bearerToken.existingSecret }}
          key: {{ $p.metrics.bearerToken.key }}
    {{- end }}
    {{- with $p.extraEnv }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- if and $p.existingSecret $p.envFromSecret }}
  envFrom:
    - secretRef:
        name: {{ $p.existingSecret }}
  {{- end }}
  startupProbe:
    {{- include "llm-policy-proxy.probe" (dict "proxy" $p "probe" $p.probes.startup "sidecar" $sidecar) | trim | nindent 4 }}
  livenessProbe:
    {{- include "llm-policy-proxy.probe" (dict "proxy" $p "probe" $p.probes.liveness "sidecar" $sidecar) | trim | nindent 4 }}
  readinessProbe:
    {{- include "llm-policy-proxy.probe" (dict "proxy" $p "probe" $p.probes.readiness "sidecar" $sidecar) | trim | nindent 4 }}
  {{- if gt (int $p.lifecycle.preStopSleepSeconds) 0 }}
  lifecycle:
    preStop:
      {{- if eq $p.lifecycle.preStopMode "native" }}
      sleep:
        seconds: {{ int $p.lifecycle.preStopSleepSeconds }}
      {{- else }}
      exec:
        command: ["sleep", {{ int $p.lifecycle.preStopSleepSeconds | toString | quote }}]
      {{- end }}
  {{- end }}
  resources:
    {{- toYaml $p.resources | nindent 4 }}
  securityContext:
    {{- toYaml $p.securityContext | nindent 4 }}
  volumeMounts:
    - name: llm-proxy-config
      mountPath: /etc/llm-proxy
      readOnly: true
    - name: llm-proxy-tmp
      mountPath: /tmp
{{- end -}}

{{/*
Sidecar mode, for app charts: add the proxy container to the app's pod (listening on
127.0.0.1:8080). Usage in the app's pod spec, with this chart as a dependency aliased llmProxy:
  containers:
    {{- include "llm-policy-proxy.sidecarContainer" (dict "root" $ "proxy" .Values.llmProxy) | nindent 4 }}
  volumes:
    {{- include "llm-policy-proxy.configVolume" (dict "root" $ "proxy" .Values.llmProxy) | nindent 4 }}
*/}}
{{- define "llm-policy-proxy.sidecarContainer" -}}
{{- include "llm-policy-proxy.container" (dict "root" .root "proxy" .proxy "sidecar" true) -}}
{{- end -}}
