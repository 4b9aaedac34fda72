package graph

import (
	"fmt"
	"time"

	"github.com/microsoft/kiota-abstractions-go/serialization"
)

// Readers for the models' GetFieldDeserializers: each reads one JSON value
// and hands it to a setter.

func readString(set func(*string)) func(serialization.ParseNode) error {
	return func(n serialization.ParseNode) error {
		v, err := n.GetStringValue()
		if err != nil {
			return err
		}
		set(v)
		return nil
	}
}

func readInt32(set func(*int32)) func(serialization.ParseNode) error {
	return func(n serialization.ParseNode) error {
		v, err := n.GetInt32Value()
		if err != nil {
			return err
		}
		set(v)
		return nil
	}
}

func readTime(set func(*time.Time)) func(serialization.ParseNode) error {
	return func(n serialization.ParseNode) error {
		v, err := n.GetTimeValue()
		if err != nil {
			return err
		}
		set(v)
		return nil
	}
}

// readStrings reads a collection of strings; null stays nil.
func readStrings(set func([]string)) func(serialization.ParseNode) error {
	return func(n serialization.ParseNode) error {
		vals, err := n.GetCollectionOfPrimitiveValues("string")
		if err != nil {
			return err
		}
		if vals == nil {
			set(nil)
			return nil
		}
		out := make([]string, 0, len(vals))
		for _, v := range vals {
			if s, ok := v.(*string); ok && s != nil {
				out = append(out, *s)
			}
		}
		set(out)
		return nil
	}
}

// namedFields wraps each reader so a decoding error names its property:
// kiota's own message does not.
func namedFields(fields map[string]func(serialization.ParseNode) error) map[string]func(serialization.ParseNode) error {
	for name, read := range fields {
		fields[name] = func(n serialization.ParseNode) error {
			if err := read(n); err != nil {
				return fmt.Errorf("property %s: %w", name, err)
			}
			return nil
		}
	}
	return fields
}

// writeStrings writes a collection of strings; nil is not written, an empty
// slice is written as [].
func writeStrings(w serialization.SerializationWriter, key string, v []string) error {
	if v == nil {
		return nil
	}
	return w.WriteCollectionOfStringValues(key, v)
}

// plainFields are the deserializers of a model made of string and time
// properties (the read-only entities), plus any others in more.
func plainFields(strs map[string]**string, times map[string]**time.Time,
	more map[string]func(serialization.ParseNode) error) map[string]func(serialization.ParseNode) error {
	fields := map[string]func(serialization.ParseNode) error{}
	for name, read := range more {
		fields[name] = read
	}
	for name, p := range strs {
		fields[name] = readString(func(v *string) { *p = v })
	}
	for name, p := range times {
		fields[name] = readTime(func(v *time.Time) { *p = v })
	}
	return namedFields(fields)
}

// writePlain writes the string and time properties of such a model.
func writePlain(w serialization.SerializationWriter, strs map[string]**string, times map[string]**time.Time) error {
	for name, p := range strs {
		if err := w.WriteStringValue(name, *p); err != nil {
			return err
		}
	}
	for name, p := range times {
		if err := w.WriteTimeValue(name, *p); err != nil {
			return err
		}
	}
	return nil
}
