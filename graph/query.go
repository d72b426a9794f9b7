package graph

import "fmt"

// The question types' checks: each fills in the defaults the Store
// contract gives and refuses what it does not allow, with an error
// wrapping ErrInvalid. Every backend checks a question with them before
// answering it.

// Normalize checks an assessment query and fills in its defaults.
func (q AssessmentQuery) Normalize() (AssessmentQuery, error) {
	if q.MaxHops == 0 {
		q.MaxHops = DefaultMaxHops
	}
	if q.MaxHops < 0 || q.MaxHops > MaxPathHops {
		return q, fmt.Errorf("%w: maxHops must be between 1 and %d (got %d)", ErrInvalid, MaxPathHops, q.MaxHops)
	}
	if q.PathsPerSite == 0 {
		q.PathsPerSite = DefaultPathLimit
	}
	if q.PathsPerSite < 0 {
		return q, fmt.Errorf("%w: paths per site must not be negative", ErrInvalid)
	}
	if len(q.Filter.Types) == 0 {
		q.Filter.Types = ConnectionTypes()
	}
	if q.Filter.MinStatus == 0 {
		q.Filter.MinStatus = StatusAlleged
	}
	q.Filter.Direction = DirectionBoth
	if err := CheckWindow(q.From, q.To); err != nil {
		return q, err
	}
	return q, q.Filter.Check()
}

// Normalize checks a path query and fills in its defaults.
func (q PathQuery) Normalize() (PathQuery, error) {
	if q.MaxHops == 0 {
		q.MaxHops = DefaultMaxHops
	}
	if q.MaxHops < 1 || q.MaxHops > MaxPathHops {
		return q, fmt.Errorf("%w: maxHops must be between 1 and %d (got %d)", ErrInvalid, MaxPathHops, q.MaxHops)
	}
	if q.Limit == 0 {
		q.Limit = DefaultPathLimit
	}
	if q.Limit < 0 {
		return q, fmt.Errorf("%w: limit must not be negative", ErrInvalid)
	}
	if q.Filter.MinStatus == 0 {
		q.Filter.MinStatus = StatusAlleged
	}
	return q, q.Filter.Check()
}
