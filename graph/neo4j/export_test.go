package neo4j

import "context"

// RunRead runs one read statement as the store runs its reads (its session,
// its transaction timeout), without the dataset marker: for tests of how a
// read behaves, not of what it answers.
func RunRead(ctx context.Context, s *Store, query string) error {
	_, err := s.autocommit(ctx, query, nil)
	return err
}
