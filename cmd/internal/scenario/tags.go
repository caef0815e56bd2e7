package scenario

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Azure's limits on resource tags (learn.microsoft.com, azure-resource-manager
// "Use tags to organize your Azure resources", Limitations): at most 50 tags
// a resource, a name of at most 512 characters without < > % & \ ? /, a value
// of at most 256 characters.
const (
	maxTags        = 50
	maxTagName     = 512
	maxTagValue    = 256
	tagNameForbids = `<>%&\?/`
)

// tag is one Azure resource tag.
type tag struct{ key, value string }

// tagsJSON is tags as the JSON object sim.Fleet carries: keys sorted, ""
// for none.
func tagsJSON(tags []tag) string {
	if len(tags) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, t := range tags {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(t.key)
		v, _ := json.Marshal(t.value)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.String()
}

const tagsFmt = "a mapping of tag names to values, such as {team: ml, env: prod}"

// tags decodes a fleet's tags: a mapping of names to scalar values. The
// cost files (usage, FOCUS Tags, Azure's cost details) write them sorted by
// name, so the same scenario gives the same bytes.
func (d *decoder) tags(n *yaml.Node, path string) []tag {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		d.reject(n, path, tagsFmt)
		return nil
	}
	var tags []tag
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "a tag name must be a plain name, not %s", kindName(k))
			continue
		}
		name := k.Value
		at := join(path, name)
		switch {
		case name == "" || utf8.RuneCountInString(name) > maxTagName || !utf8.ValidString(name):
			d.fail(k, at, "tag name %q is not accepted; want 1 to %d characters", name, maxTagName)
			continue
		case strings.ContainsAny(name, tagNameForbids):
			d.fail(k, at, "tag name %q is not accepted; Azure tag names cannot contain any of %s", name, tagNameForbids)
			continue
		}
		if line, dup := seen[strings.ToLower(name)]; dup {
			// Azure tag names are case-insensitive.
			d.fail(k, at, "given twice (first at line %d); tag names are case-insensitive", line)
			continue
		}
		seen[strings.ToLower(name)] = k.Line
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			d.fail(v, at, "no value; want a tag value: text of at most 256 characters (\"\" for an empty one)")
			continue
		}
		if v.Kind != yaml.ScalarNode {
			d.reject(v, at, "a tag value: text of at most 256 characters")
			continue
		}
		if utf8.RuneCountInString(v.Value) > maxTagValue || !utf8.ValidString(v.Value) {
			d.fail(v, at, "a tag value of %d characters is not accepted; want at most %d", utf8.RuneCountInString(v.Value), maxTagValue)
			continue
		}
		tags = append(tags, tag{name, v.Value})
	}
	if len(tags) > maxTags {
		d.fail(n, path, "%d tags; Azure allows at most %d on a resource", len(tags), maxTags)
	}
	slices.SortFunc(tags, func(a, b tag) int { return strings.Compare(a.key, b.key) })
	return tags
}
