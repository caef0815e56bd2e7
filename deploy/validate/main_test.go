package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readManifests(t *testing.T) map[string]string {
	t.Helper()
	paths, _ := filepath.Glob("../k8s/*.yaml")
	if len(paths) != 3 {
		t.Fatalf("want the sweep Job, the merge Job and the claim in ../k8s, found %v", paths)
	}
	files := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = string(b)
	}
	return files
}

func check(files map[string]string) []error {
	var s Set
	for name, text := range files {
		if err := s.Add(name, []byte(text)); err != nil {
			return []error{err}
		}
	}
	return s.Check()
}

// The manifests in deploy/k8s decode strictly and pass every check.
func TestManifestsAreValid(t *testing.T) {
	files := readManifests(t)
	if errs := check(files); len(errs) > 0 {
		t.Fatal(errs)
	}
	var s Set
	for name, text := range files {
		s.Add(name, []byte(text))
	}
	if len(s.Jobs) != 2 || len(s.Claims) != 1 {
		t.Fatalf("%d Jobs and %d claims", len(s.Jobs), len(s.Claims))
	}
}

// Each mistake the issue names (and a few schema ones) is caught: every
// case edits one manifest and must be refused with the given words.
func TestMistakesAreCaught(t *testing.T) {
	for _, c := range []struct {
		file, old, new, want string
	}{
		{"sweep-job.yaml", "command: [\"/spotsim\"]", "comand: [\"/spotsim\"]", `unknown field "comand"`},
		{"sweep-job.yaml", "          command: [\"/spotsim\"]\n", "", "command []"},
		{"merge-job.yaml", "command: [\"/spotsim\"]", "command: [sh, -c]", "command [\"sh\" \"-c\"]"},
		{"sweep-job.yaml", "completions: 16", "completions: sixteen", "Job:"},
		{"sweep-job.yaml", "completions: 16", "completions: 16\n  completions: 8", "already set"},
		{"sweep-job.yaml", "    - \"16\"", "    - \"8\"", "--shards \"8\""},
		{"sweep-job.yaml", "limits: {cpu: \"2\", memory: 1Gi}", "limits: {memory: 1Gi}", "no CPU limit"},
		{"sweep-job.yaml", "- $(CPUS)", "- $(CPU)", "$(CPU)"},
		{"sweep-job.yaml", "            - --workers\n            - $(CPUS)\n", "", "without --workers"},
		{"sweep-job.yaml", "restartPolicy: Never", "restartPolicy: OnFailure", "need restartPolicy Never"},
		{"sweep-job.yaml", "restartPolicy: Never", "restartPolicy: Always", "Never or OnFailure"},
		{"sweep-job.yaml", "containerName: spotsim", "containerName: sim", "container \"sim\""},
		{"sweep-job.yaml", "{name: results, mountPath", "{name: result, mountPath", "volume \"result\""},
		{"sweep-job.yaml", "claimName: spotsim-results", "claimName: results", "claim \"results\""},
		{"merge-job.yaml", "/results/example-sweep]", "/results/other]", "the merge Job reads /results/other"},
		{"merge-job.yaml", "spotsim:0.1.0", "spotsim:0.2.0", "one image"},
		{"results-pvc.yaml", "kind: PersistentVolumeClaim", "kind: PersistentVolume", "want batch/v1 Job"},
	} {
		files := readManifests(t)
		if !strings.Contains(files[c.file], c.old) {
			t.Fatalf("%s has no %q", c.file, c.old)
		}
		files[c.file] = strings.Replace(files[c.file], c.old, c.new, 1)
		errs := check(files)
		var all []string
		for _, e := range errs {
			all = append(all, e.Error())
		}
		if !strings.Contains(strings.Join(all, "\n"), c.want) {
			t.Errorf("%s with %q → %q: got %q, want an error with %q", c.file, c.old, c.new, all, c.want)
		}
	}
}

func TestSplitDocuments(t *testing.T) {
	docs := splitDocuments([]byte("# a comment\n---\na: 1\n---\n# only a comment\n---   \nb: 2\n"))
	if len(docs) != 2 || !strings.Contains(string(docs[0]), "a: 1") || !strings.Contains(string(docs[1]), "b: 2") {
		t.Fatalf("%q", docs)
	}
}

// Argv gives what the kubelet runs: $(CPUS) is the CPU limit in whole
// cores, rounded up, and $$ is a literal $.
func TestArgv(t *testing.T) {
	files := readManifests(t)
	for _, c := range []struct{ limit, want string }{{`"2"`, "2"}, {"500m", "1"}, {"2500m", "3"}} {
		f := map[string]string{}
		for k, v := range files {
			f[k] = v
		}
		f["sweep-job.yaml"] = strings.Replace(f["sweep-job.yaml"], `limits: {cpu: "2"`, "limits: {cpu: "+c.limit, 1)
		f["sweep-job.yaml"] = strings.Replace(f["sweep-job.yaml"], "- /input/example-sweep.yaml", "- /input/$$(CPUS).yaml", 1)
		var s Set
		for name, text := range f {
			if err := s.Add(name, []byte(text)); err != nil {
				t.Fatal(err)
			}
		}
		argv, err := s.Argv("spotsim-sweep")
		got := strings.Join(argv, " ")
		if err != nil || got != "/spotsim sweep /input/$(CPUS).yaml --out /results/example-sweep --shards 16 --workers "+c.want {
			t.Errorf("limit %s: %q, %v", c.limit, got, err)
		}
	}
}
