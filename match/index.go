package match

import (
	"context"
	"fmt"
	"sync"

	"github.com/patronage/patronage/graph"
)

// NameIndex gives the Matcher over every entity of a store's current
// dataset (the GraphQL API's match query asks it). It is built on first use
// and rebuilt when the dataset version changes (a new `patronage load` into
// a Neo4j the server reads), so match never answers from entities the store
// no longer holds.
type NameIndex struct {
	store  graph.Store
	lister graph.EntityLister

	mu      sync.Mutex
	version string
	m       *Matcher
}

// NewNameIndex returns the index over store, or nil when the store cannot
// list its entities (match then answers UNAVAILABLE).
func NewNameIndex(store graph.Store) *NameIndex {
	l, ok := store.(graph.EntityLister)
	if !ok {
		return nil
	}
	return &NameIndex{store: store, lister: l}
}

// Matcher returns the matcher for the store's dataset as it is now.
func (ix *NameIndex) Matcher(ctx context.Context) (*Matcher, error) {
	v, err := ix.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.m != nil && ix.version == v {
		return ix.m, nil
	}
	es, err := ix.lister.AllEntities(ctx)
	if err != nil {
		return nil, fmt.Errorf("list entities for the name index: %w", err)
	}
	ix.m, ix.version = New(es), v
	return ix.m, nil
}
