package main

import (
	"fmt"
	"math"
	"regexp"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Job returns the Job named name.
func (s *Set) Job(name string) (*batchv1.Job, error) {
	for i := range s.Jobs {
		if s.Jobs[i].Obj.Name == name {
			return &s.Jobs[i].Obj, nil
		}
	}
	return nil, fmt.Errorf("no Job named %q", name)
}

// Argv returns what the kubelet would run in the Job's (first) container:
// command then args, with each $(VAR) of the container's env replaced by its
// value (a literal, or a CPU or memory resource in units of its divisor,
// rounded up as the downward API does). CI runs exactly this in the image.
func (s *Set) Argv(name string) ([]string, error) {
	job, err := s.Job(name)
	if err != nil {
		return nil, err
	}
	c := job.Spec.Template.Spec.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = e.Value
		case e.ValueFrom.ResourceFieldRef != nil:
			v, err := resourceValue(c, e.ValueFrom.ResourceFieldRef)
			if err != nil {
				return nil, fmt.Errorf("env %s: %w", e.Name, err)
			}
			env[e.Name] = v
		default:
			return nil, fmt.Errorf("env %s: only values and resourceFieldRef are expanded here", e.Name)
		}
	}
	ref := regexp.MustCompile(`\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)
	var argv []string
	for _, a := range append(append([]string{}, c.Command...), c.Args...) {
		argv = append(argv, ref.ReplaceAllStringFunc(a, func(m string) string {
			if m == "$$" {
				return "$"
			}
			if v, ok := env[m[2:len(m)-1]]; ok {
				return v
			}
			return m
		}))
	}
	return argv, nil
}

// resourceValue is the downward API's value of a container resource: the
// quantity divided by the divisor (default 1), rounded up.
func resourceValue(c corev1.Container, ref *corev1.ResourceFieldSelector) (string, error) {
	var q resource.Quantity
	var ok bool
	switch ref.Resource {
	case "limits.cpu":
		q, ok = c.Resources.Limits[corev1.ResourceCPU]
	case "requests.cpu":
		q, ok = c.Resources.Requests[corev1.ResourceCPU]
	case "limits.memory":
		q, ok = c.Resources.Limits[corev1.ResourceMemory]
	case "requests.memory":
		q, ok = c.Resources.Requests[corev1.ResourceMemory]
	default:
		return "", fmt.Errorf("resource %q: want limits or requests of cpu or memory", ref.Resource)
	}
	if !ok {
		return "", fmt.Errorf("%s is not set", ref.Resource)
	}
	div := resource.MustParse("1")
	if !ref.Divisor.IsZero() {
		div = ref.Divisor
	}
	return fmt.Sprint(int64(math.Ceil(q.AsApproximateFloat64() / div.AsApproximateFloat64()))), nil
}
