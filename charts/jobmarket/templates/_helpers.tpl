{{/* Names ------------------------------------------------------------------------------- */}}
{{- define "jobmarket.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "jobmarket.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "<fullname>-<component>", e.g. jobmarket-gateway. Call with (dict "root" $ "component" "gateway"). */}}
{{- define "jobmarket.componentName" -}}
{{- printf "%s-%s" (include "jobmarket.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels ------------------------------------------------------------------------------ */}}
{{- define "jobmarket.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jobmarket.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "jobmarket.labels" -}}
{{ include "jobmarket.selectorLabels" . }}
app.kubernetes.io/part-of: jobmarket
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Every pod of the release (for the default-deny and DNS policies). */}}
{{- define "jobmarket.releaseSelector" -}}
app.kubernetes.io/name: {{ include "jobmarket.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Images ------------------------------------------------------------------------------ */}}
{{/* One of the project's images. Call with (dict "root" $ "image" .image). */}}
{{- define "jobmarket.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := default (default .root.Chart.AppVersion .root.Values.image.tag) .image.tag -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "jobmarket.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Wiring ------------------------------------------------------------------------------ */}}
{{- define "jobmarket.secretName" -}}
{{- default (include "jobmarket.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Kafka bootstrap servers, or "" when the release has no Kafka. */}}
{{- define "jobmarket.kafkaBrokers" -}}
{{- if .Values.kafka.enabled -}}
{{- $fullname := include "jobmarket.fullname" . -}}
{{- $brokers := list -}}
{{- range $i := until (int .Values.kafka.replicas) -}}
{{- $brokers = append $brokers (printf "%s-kafka-%d.%s-kafka-headless.%s.svc:9092" $fullname $i $fullname $.Release.Namespace) -}}
{{- end -}}
{{- join "," $brokers -}}
{{- else -}}
{{- .Values.kafka.brokers -}}
{{- end -}}
{{- end -}}

{{/* MLflow tracking URI, or "" when the release has none. */}}
{{- define "jobmarket.mlflowUri" -}}
{{- if .Values.mlflow.enabled -}}
{{- printf "http://%s:5000" (include "jobmarket.componentName" (dict "root" . "component" "mlflow")) -}}
{{- else -}}
{{- .Values.mlflow.trackingUri -}}
{{- end -}}
{{- end -}}

{{/* "postgres" (in-chart), "external" (URL in the Secret) or "pglite". Call with (dict "root" $ "sg" $values). */}}
{{- define "jobmarket.store" -}}
{{- if .sg.database.external -}}external{{- else if .root.Values.postgresql.enabled -}}postgres{{- else -}}pglite{{- end -}}
{{- end -}}

{{/* Pod and container hardening ---------------------------------------------------------- */}}
{{- define "jobmarket.podSecurityContext" -}}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{- define "jobmarket.containerSecurityContext" -}}
securityContext:
  {{- toYaml .Values.containerSecurityContext | nindent 2 }}
{{- end -}}

{{/* Scheduling knobs of a component. Call with the component's values. */}}
{{- define "jobmarket.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* HTTP probes on the services' /healthz (alive) and /readyz (dependencies reachable). */}}
{{- define "jobmarket.httpProbes" -}}
startupProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 15
  timeoutSeconds: 3
  failureThreshold: 4
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* A secret variable from the release's Secret. Call with (dict "root" $ "name" "X" "optional" bool). */}}
{{- define "jobmarket.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "jobmarket.secretName" .root }}
      key: {{ .key | default .name }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/* Fails the render with a message that says what to change. */}}
{{- define "jobmarket.validate" -}}
{{- $kafka := include "jobmarket.kafkaBrokers" . -}}
{{- $mlflow := include "jobmarket.mlflowUri" . -}}
{{- range $name, $job := .Values.jobs -}}
{{- if and $job.enabled (not $kafka) -}}
{{- fail (printf "jobs.%s needs Kafka: set kafka.enabled=true or kafka.brokers, or jobs.%s.enabled=false" $name $name) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.jobs.retrain.enabled (not $mlflow) -}}
{{- fail "jobs.retrain registers models in MLflow: set mlflow.enabled=true or mlflow.trackingUri" -}}
{{- end -}}
{{- if and .Values.subgraphs.recommendations.enabled (not $mlflow) -}}
{{- fail "subgraphs.recommendations loads its model from MLflow: set mlflow.enabled=true or mlflow.trackingUri" -}}
{{- end -}}
{{- if and .Values.subgraphs.recommendations.enabled (not $kafka) -}}
{{- fail "subgraphs.recommendations is fed by Kafka: set kafka.enabled=true or kafka.brokers" -}}
{{- end -}}
{{- if and .Values.kafka.enabled .Values.kafka.brokers -}}
{{- fail "kafka.brokers names an external cluster: set kafka.enabled=false to use it (or clear it)" -}}
{{- end -}}
{{- if and .Values.mlflow.enabled .Values.mlflow.trackingUri -}}
{{- fail "mlflow.trackingUri names an external server: set mlflow.enabled=false to use it (or clear it)" -}}
{{- end -}}
{{- if and .Values.secrets.existingSecret (or .Values.secrets.internalAuthSecret .Values.secrets.authJwtSecret .Values.secrets.postgresPassword) -}}
{{- fail "secrets.existingSecret is set: put the credentials in that Secret, not in values" -}}
{{- end -}}
{{- end -}}

{{/* The pod's ServiceAccount and no API token. Call with (dict "root" $ "component" "gateway"). */}}
{{- define "jobmarket.serviceAccount" -}}
{{- if .root.Values.serviceAccount.create -}}
serviceAccountName: {{ include "jobmarket.componentName" . }}
{{- else -}}
serviceAccountName: default
{{- end }}
automountServiceAccountToken: false
{{- end -}}

{{/* HPA and PDB of a Deployment. Call with (dict "root" $ "component" c "values" v "single" bool);
     single: one replica only (an embedded store on a ReadWriteOnce volume), so no HPA. */}}
{{- define "jobmarket.scaling" -}}
{{- $name := include "jobmarket.componentName" (dict "root" .root "component" .component) }}
{{- if and .values.autoscaling.enabled (not .single) }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "jobmarket.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- if .values.podDisruptionBudget.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "jobmarket.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  maxUnavailable: {{ .values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "jobmarket.selectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
{{- end }}
{{- end -}}

{{/* Egress to Kafka: the in-chart pods, or the external brokers' ports. (dict "root" $ "ports" list) */}}
{{- define "jobmarket.np.kafkaEgress" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- if .root.Values.kafka.enabled -}}
- to:
    - podSelector:
        matchLabels:
          {{- include "jobmarket.selectorLabels" (dict "root" .root "component" "kafka") | nindent 10 }}
  ports:
    - protocol: TCP
      port: 9092
{{- else -}}
- to:
    {{- range $cidr := $np.externalCidrs }}
    - ipBlock:
        cidr: {{ $cidr }}
        {{- with $np.externalExcept }}
        except:
          {{- toYaml . | nindent 10 }}
        {{- end }}
    {{- end }}
  ports:
    {{- range $port := .ports }}
    - protocol: TCP
      port: {{ $port }}
    {{- end }}
{{- end -}}
{{- end -}}

{{/* Egress to MLflow: the in-chart pod, or the external server's port. (dict "root" $ "port" int) */}}
{{- define "jobmarket.np.mlflowEgress" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- if .root.Values.mlflow.enabled -}}
- to:
    - podSelector:
        matchLabels:
          {{- include "jobmarket.selectorLabels" (dict "root" .root "component" "mlflow") | nindent 10 }}
  ports:
    - protocol: TCP
      port: 5000
{{- else -}}
- to:
    {{- range $cidr := $np.externalCidrs }}
    - ipBlock:
        cidr: {{ $cidr }}
        {{- with $np.externalExcept }}
        except:
          {{- toYaml . | nindent 10 }}
        {{- end }}
    {{- end }}
  ports:
    - protocol: TCP
      port: {{ .port }}
{{- end -}}
{{- end -}}

{{- define "jobmarket.np.component" -}}
- podSelector:
    matchLabels:
      {{- include "jobmarket.selectorLabels" . | nindent 6 }}
{{- end }}
{{- define "jobmarket.np.external" -}}
- ipBlock:
    cidr: {{ .cidr }}
    {{- with .except }}
    except:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}
