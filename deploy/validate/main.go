// Command validate checks spotsim's Kubernetes manifests without a cluster:
// each document is decoded strictly (unknown or duplicate fields, wrong
// types) into the Kubernetes API types of k8s.io/api, and then checked
// against the rules the API server applies to a Job that matter here, and
// against what spotsim needs (an explicit command, a CPU limit, --shards
// equal to the Job's completions, the merge reading the sweep's folder).
//
// It is a module of its own so that the simulator's module keeps its short
// list of dependencies.
//
//	go run . ../k8s/*.yaml
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

func main() {
	argv := flag.String("argv", "", "print the `JOB`'s container command and args, one a line, $(VAR) expanded as the kubelet would")
	completions := flag.String("completions", "", "print the `JOB`'s completions")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: validate [-argv JOB | -completions JOB] MANIFEST.yaml...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var set Set
	failed := false
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err == nil {
			err = set.Add(path, data)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed = true
		}
	}
	if !failed {
		for _, err := range set.Check() {
			fmt.Fprintln(os.Stderr, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
	switch {
	case *argv != "":
		args, err := set.Argv(*argv)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(strings.Join(args, "\n"))
	case *completions != "":
		job, err := set.Job(*completions)
		if err != nil || job.Spec.Completions == nil {
			fmt.Fprintln(os.Stderr, "no Job with completions named", *completions)
			os.Exit(1)
		}
		fmt.Println(*job.Spec.Completions)
	default:
		fmt.Printf("%d manifests valid: %d Jobs, %d PersistentVolumeClaims\n", len(set.Jobs)+len(set.Claims), len(set.Jobs), len(set.Claims))
	}
}

// Set is the manifests read so far.
type Set struct {
	Jobs   []Named[batchv1.Job]
	Claims []Named[corev1.PersistentVolumeClaim]
}

// Named is a decoded object and where it came from.
type Named[T any] struct {
	Where string // file and document number
	Obj   T
}

// Add decodes every document of a YAML file strictly into its API type.
func (s *Set) Add(path string, data []byte) error {
	for n, doc := range splitDocuments(data) {
		where := fmt.Sprintf("%s (document %d)", path, n+1)
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		switch tm.APIVersion + " " + tm.Kind {
		case "batch/v1 Job":
			var job batchv1.Job
			if err := yaml.UnmarshalStrict(doc, &job); err != nil {
				return fmt.Errorf("%s: Job: %w", where, err)
			}
			s.Jobs = append(s.Jobs, Named[batchv1.Job]{where, job})
		case "v1 PersistentVolumeClaim":
			var pvc corev1.PersistentVolumeClaim
			if err := yaml.UnmarshalStrict(doc, &pvc); err != nil {
				return fmt.Errorf("%s: PersistentVolumeClaim: %w", where, err)
			}
			s.Claims = append(s.Claims, Named[corev1.PersistentVolumeClaim]{where, pvc})
		default:
			return fmt.Errorf("%s: apiVersion %q kind %q: want batch/v1 Job or v1 PersistentVolumeClaim", where, tm.APIVersion, tm.Kind)
		}
	}
	return nil
}

// splitDocuments splits a YAML stream at its "---" lines, dropping empty
// documents (comments only).
func splitDocuments(data []byte) [][]byte {
	var docs [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---[ \t]*$`).Split(string(data), -1) {
		var v any
		if yaml.Unmarshal([]byte(d), &v) == nil && v == nil {
			continue
		}
		docs = append(docs, []byte(d))
	}
	return docs
}

// Check applies the API server's Job rules that matter here and spotsim's
// own, across all the manifests read.
func (s *Set) Check() []error {
	var errs []error
	bad := func(where, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, a...)))
	}
	claims := map[string]bool{}
	for _, c := range s.Claims {
		claims[c.Obj.Name] = true
		if c.Obj.Name == "" {
			bad(c.Where, "metadata.name is empty")
		}
		if len(c.Obj.Spec.AccessModes) == 0 {
			bad(c.Where, "spec.accessModes is empty")
		}
		if _, ok := c.Obj.Spec.Resources.Requests[corev1.ResourceStorage]; !ok {
			bad(c.Where, "spec.resources.requests.storage is missing")
		}
	}
	var sweepOut, mergeDir, image string
	for _, j := range s.Jobs {
		w, spec := j.Where, j.Obj.Spec
		pod := spec.Template.Spec
		if j.Obj.Name == "" {
			bad(w, "metadata.name is empty")
		}
		// The API server's rules (pkg/apis/batch/validation).
		if pod.RestartPolicy != corev1.RestartPolicyNever && pod.RestartPolicy != corev1.RestartPolicyOnFailure {
			bad(w, "spec.template.spec.restartPolicy %q: a Job's is Never or OnFailure", pod.RestartPolicy)
		}
		if (spec.PodFailurePolicy != nil || spec.BackoffLimitPerIndex != nil) && pod.RestartPolicy != corev1.RestartPolicyNever {
			bad(w, "podFailurePolicy and backoffLimitPerIndex need restartPolicy Never")
		}
		indexed := spec.CompletionMode != nil && *spec.CompletionMode == batchv1.IndexedCompletion
		if spec.BackoffLimitPerIndex != nil && !indexed {
			bad(w, "backoffLimitPerIndex needs completionMode Indexed")
		}
		if indexed && spec.Completions == nil {
			bad(w, "completionMode Indexed needs completions")
		}
		if len(pod.Containers) == 0 {
			bad(w, "spec.template.spec.containers is empty")
		}
		volumes := map[string]bool{}
		for _, v := range pod.Volumes {
			volumes[v.Name] = true
			if v.PersistentVolumeClaim != nil && len(s.Claims) > 0 && !claims[v.PersistentVolumeClaim.ClaimName] {
				bad(w, "volume %s: claim %q is in none of the manifests", v.Name, v.PersistentVolumeClaim.ClaimName)
			}
		}
		if p := spec.PodFailurePolicy; p != nil {
			for _, r := range p.Rules {
				if e := r.OnExitCodes; e != nil && e.ContainerName != nil && !slices.ContainsFunc(pod.Containers, func(c corev1.Container) bool { return c.Name == *e.ContainerName }) {
					bad(w, "podFailurePolicy names container %q, which the pod does not have", *e.ContainerName)
				}
			}
		}
		for _, c := range pod.Containers {
			cw := fmt.Sprintf("%s: container %s", w, c.Name)
			for _, m := range c.VolumeMounts {
				if !volumes[m.Name] {
					bad(cw, "mounts volume %q, which the pod does not have", m.Name)
				}
			}
			// spotsim's own needs.
			if c.Image == "" {
				bad(cw, "no image")
			}
			if image == "" {
				image = c.Image
			} else if c.Image != image {
				bad(cw, "image %s, another Job runs %s: the sweep and its merge run one image", c.Image, image)
			}
			if len(c.Command) == 0 || c.Command[0] != "/spotsim" {
				bad(cw, "command %q: want [/spotsim], so the Job does not depend on the image's entrypoint", c.Command)
			}
			if _, ok := c.Resources.Limits[corev1.ResourceCPU]; !ok {
				bad(cw, "no CPU limit: spotsim would start a worker per node core")
			}
			env := map[string]bool{}
			for _, e := range c.Env {
				env[e.Name] = true
			}
			for _, a := range c.Args {
				for _, m := range regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`).FindAllStringSubmatch(a, -1) {
					if !env[m[1]] {
						bad(cw, "args use $(%s), which env does not define (Kubernetes would pass it as written)", m[1])
					}
				}
			}
			if len(c.Args) == 0 {
				bad(cw, "no args: want sweep or merge")
				continue
			}
			switch c.Args[0] {
			case "sweep":
				out, _ := flagValue(c.Args, "--out")
				sweepOut = out
				if out == "" {
					bad(cw, "sweep without --out")
				}
				if _, ok := flagValue(c.Args, "--workers"); !ok {
					bad(cw, "sweep without --workers")
				}
				shards, ok := flagValue(c.Args, "--shards")
				if indexed && spec.Completions != nil && (!ok || shards != strconv.Itoa(int(*spec.Completions))) {
					bad(cw, "--shards %q: an Indexed Job's pods need --shards equal to its completions, %d", shards, *spec.Completions)
				}
			case "merge":
				for _, a := range c.Args[1:] {
					if !strings.HasPrefix(a, "-") {
						mergeDir = a
						break
					}
				}
			default:
				bad(cw, "args[0] %q: want sweep or merge", c.Args[0])
			}
		}
	}
	if sweepOut != "" && mergeDir != "" && sweepOut != mergeDir {
		errs = append(errs, fmt.Errorf("the merge Job reads %s, the sweep Job writes %s", mergeDir, sweepOut))
	}
	return errs
}

// flagValue returns the value of a "--name value" or "--name=value" flag.
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1], true
		}
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
	}
	return "", false
}
