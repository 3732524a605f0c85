// The pod document the lint bench writes 5,000 times, and the training run of the CLI's code cache
// lints (scripts/package.mjs): one sample, so the cache is trained on what the bench measures.
export function lintSamplePod(i) {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
  labels:
    app: web-${i}
spec:
  initContainers:
    - name: migrate
      image: registry.example/app:1.${i % 7}
      command: ["sh", "-c", "echo migrate"]
    - name: proxy
      image: registry.example/proxy:2.1
      restartPolicy: Always
      ports:
        - containerPort: 15001
          name: proxy
  containers:
    - name: app
      image: registry.example/app:1.${i % 7}
      ports:
        - containerPort: 8080
          name: http
      env:
        - name: MODE
          value: production
      readinessProbe:
        httpGet:
          path: /healthz
          port: http
      resources:
        requests:
          cpu: 100m
          memory: 64Mi
        limits:
          memory: 128Mi
      volumeMounts:
        - name: cache
          mountPath: /cache
    - name: metrics
      image: registry.example/metrics:0.${i % 3}
      ports:
        - containerPort: 9090
  volumes:
    - name: cache
      emptyDir: {}
`;
}
