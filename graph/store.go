package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Direction selects which claims of an entity to follow.
type Direction string

// Directions. Out: claims whose From is the entity; In: whose To is.
const (
	DirectionBoth Direction = "both"
	DirectionOut  Direction = "out"
	DirectionIn   Direction = "in"
)

// ClaimFilter narrows the claims considered by neighbours, paths and the
// site assessment.
type ClaimFilter struct {
	Types     []RelType   // empty: every type (paths, neighbours) or ConnectionTypes (assessment)
	Direction Direction   // "" means both
	AsOf      Date        // zero: ignore claim dates
	MinStatus ClaimStatus // zero: alleged (denied and disputed claims are left out)
}

// Admits reports whether the claim passes the filter's type, status and
// as-of tests (direction is the caller's business).
func (f ClaimFilter) Admits(c Claim) bool {
	if len(f.Types) > 0 && !containsType(f.Types, c.Type) {
		return false
	}
	return c.Status.AtLeast(f.MinStatus) && c.InEffect(f.AsOf)
}

// Check rejects a direction or relationship type outside the vocabulary,
// with an error wrapping ErrInvalid.
func (f ClaimFilter) Check() error {
	switch f.Direction {
	case "", DirectionBoth, DirectionOut, DirectionIn:
	default:
		return fmt.Errorf("%w: direction %s (want both, out or in)", ErrInvalid, Quote(string(f.Direction)))
	}
	for _, t := range f.Types {
		if _, ok := LookupRel(t); !ok {
			return fmt.Errorf("%w: unknown relationship type %s", ErrInvalid, Quote(string(t)))
		}
	}
	if f.MinStatus != 0 && !f.MinStatus.Valid() {
		return fmt.Errorf("%w: unknown minimum claim status %d", ErrInvalid, f.MinStatus)
	}
	return nil
}

// CheckWindow rejects a date window that ends before it starts.
func CheckWindow(from, to Date) error {
	if !from.IsZero() && !to.IsZero() && from.First().Ordinal() > to.Last().Ordinal() {
		return fmt.Errorf("%w: window starts (%s) after it ends (%s)", ErrInvalid, from, to)
	}
	return nil
}

// Key identifies a filter: the same types in any order, the same
// direction, as-of date and minimum status (defaults filled in) give the
// same key.
func (f ClaimFilter) Key() string {
	types := make([]string, len(f.Types))
	for i, t := range f.Types {
		types[i] = string(t)
	}
	slices.Sort(types)
	types = slices.Compact(types)
	dir, min := f.Direction, f.MinStatus
	if dir == "" {
		dir = DirectionBoth
	}
	if min == 0 {
		min = StatusAlleged
	}
	return fmt.Sprintf("%s|%s|%s|%d", strings.Join(types, ","), dir, f.AsOf, min)
}

func containsType(ts []RelType, t RelType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// PageArgs asks for a page of a listing: at most First items after the
// cursor After ("" for the start), which must be a cursor of that listing
// (see Listing). First 0 means the store's default.
// None asks for no items, only the page's info: the total, and whether any
// item follows the cursor (HasNextPage); First is then not used.
type PageArgs struct {
	First int
	After string
	None  bool
}

// Default and maximum page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageInfo describes a page. TotalCount counts every item of the listing,
// not only the page.
type PageInfo struct {
	TotalCount  int
	HasNextPage bool
	StartCursor string
	EndCursor   string
}

// Page is one page of an ordered listing — every listing of the contract
// pages the same way: the items, each item's cursor (Cursors[i]; pass it as
// PageArgs.After to continue after Items[i]) and the page's info.
type Page[T any] struct {
	Items   []T
	Cursors []string
	PageInfo
}

// The pages of the contract's listings: edges in EdgeKey order (type, the
// other entity's id, claim id), search hits by rank, then folded name, then
// id (SearchKey), compounds by id, raids by start date, then id (RaidKey).
type (
	EdgePage     = Page[Edge]
	SearchPage   = Page[SearchHit]
	CompoundPage = Page[Entity]
	RaidPage     = Page[Raid]
)

// Edge is a claim seen from one of its entities: Other is the entity at
// the far end and Outgoing says whether the entity is the claim's From.
type Edge struct {
	Claim    Claim
	Other    string
	Outgoing bool
}

// Cursor is the edge's cursor in its entity's listing of claims.
func (e Edge) Cursor() string { return RelationshipsOf(e.entity()).Cursor(EdgeKey(e)) }

// entity is the id of the entity the edge is seen from: the claim's end
// that is not Other.
func (e Edge) entity() string {
	if e.Outgoing {
		return e.Claim.From
	}
	return e.Claim.To
}

// Direction is DirectionOut when the entity is the claim's From, else
// DirectionIn.
func (e Edge) Direction() Direction {
	if e.Outgoing {
		return DirectionOut
	}
	return DirectionIn
}

// SearchQuery asks for entities whose name or an alias matches Text by
// prefix or substring, after folding case, accents and spacing.
type SearchQuery struct {
	Text  string
	Kinds []Kind // empty: every kind
	PageArgs
}

// SearchHit is an entity found by search. Rank is the best match among
// the entity's names: 0 exact, 1 prefix, 2 substring; Match is the name or
// alias that gave it (the least in string order when several tie).
type SearchHit struct {
	Entity Entity
	Match  string
	Rank   int
}

// Cursor is the hit's cursor in its search's listing.
func (h SearchHit) Cursor() string { return ListSearch.Cursor(SearchKey(h)) }

// CompoundFilter narrows the compounds listing. Province is a TextFilter
// ("" for none). Raided and Connected are judged by the site assessment
// with the filter's Assessment query.
type CompoundFilter struct {
	Province string
	// Place is a gazetteer code ("" for none): compounds whose place lies
	// in that unit (see PlaceFilter).
	Place      string
	Status     SiteStatus // "": any
	Raided     *bool
	Connected  *bool
	Assessment AssessmentQuery
	PageArgs
}

// ProvinceFilter checks the filter's province (see TextFilter).
func (f CompoundFilter) ProvinceFilter() (TextFilter, error) {
	return NewTextFilter("filter.province", f.Province)
}

// ProvinceFilter checks the filter's province (see TextFilter).
func (f RaidFilter) ProvinceFilter() (TextFilter, error) {
	return NewTextFilter("filter.province", f.Province)
}

// PlaceFilter checks the filter's place (see CheckPlaceCode).
func (f CompoundFilter) PlaceFilter() (string, error) {
	return f.Place, CheckPlaceCode("filter.place", f.Place)
}

// PlaceFilter checks the filter's place (see CheckPlaceCode).
func (f RaidFilter) PlaceFilter() (string, error) {
	return f.Place, CheckPlaceCode("filter.place", f.Place)
}

// CheckPlaceCode refuses a place filter that is not shaped like a gazetteer
// code (2, 4, 6 or 8 digits; "" is no filter), with an error wrapping
// ErrInvalid that names field. Whether the code is listed is the caller's
// business (the gazetteer's).
func CheckPlaceCode(field, code string) error {
	if code == "" {
		return nil
	}
	if n := len(code); n > 8 || n%2 != 0 || strings.Trim(code, "0123456789") != "" {
		return fmt.Errorf("%w: %s %s is not a gazetteer code (2, 4, 6 or 8 digits)", ErrInvalid, field, Quote(code))
	}
	return nil
}

// InPlace reports whether a place code lies in the unit within (a code
// lies in itself and in every unit whose code begins its own); "" lies
// nowhere.
func InPlace(code, within string) bool {
	return code != "" && within != "" && strings.HasPrefix(code, within)
}

// TextFilter is a checked filter on a text field, such as a province. The
// text is compared for equality after folding (Fold: case, accents,
// punctuation and spacing), never as a pattern: "%", "_" or ".*" are
// punctuation, not wildcards. A field with no value (a site whose province
// is not known) matches no filter, and a filter text that folds to nothing
// (punctuation only, such as "'") matches nothing.
type TextFilter struct {
	On  bool   // a text was given
	Key string // the text, folded
}

// NewTextFilter checks the text given to filter field: "" is no filter, a
// blank one (spaces only) is refused with an error wrapping ErrInvalid that
// names field.
func NewTextFilter(field, text string) (TextFilter, error) {
	if text == "" {
		return TextFilter{}, nil
	}
	if err := CheckFilterText(field, text); err != nil {
		return TextFilter{}, err
	}
	return TextFilter{On: true, Key: Fold(text)}, nil
}

// CheckFilterText refuses a filter text that is blank (empty, or spaces
// only) with an error wrapping ErrInvalid that names field. NewTextFilter
// reads "" as no filter; a caller that can tell an empty text from an
// absent one (GraphQL can) checks a given text with CheckFilterText.
func CheckFilterText(field, text string) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: %s is blank", ErrInvalid, field)
	}
	return nil
}

// Admits reports whether a field's value, folded with Fold, passes the
// filter.
func (f TextFilter) Admits(folded string) bool {
	return !f.On || (f.Key != "" && folded == f.Key)
}

// RaidFilter narrows the raids listing. A raid matches a date window if
// its period may overlap it, and a province (a TextFilter, "" for none) if
// it is one of the raid's.
type RaidFilter struct {
	From, To Date
	Province string
	Place    string // a gazetteer code: raids with a place in that unit
	Site     string
	PageArgs
}

// Flags are derived properties of an entity.
type Flags struct {
	// PoliticallyExposed: holds or held a public position (FATF sense).
	PoliticallyExposed bool
	// RelativeOrCloseAssociate: family, associate or adviser of a
	// politically exposed person.
	RelativeOrCloseAssociate bool
	// Sanctioned: the target of a designation.
	Sanctioned bool
}

// FlagQuery says which claims count when deriving flags.
type FlagQuery struct {
	AsOf      Date
	MinStatus ClaimStatus
}

// MarshalText writes q as "minStatus=STATUS asOf=DATE" (asOf empty when
// not set), so that maps keyed by flag queries (Extras.Flags) can be
// written as JSON.
func (q FlagQuery) MarshalText() ([]byte, error) {
	return fmt.Appendf(nil, "minStatus=%s asOf=%s", q.MinStatus, q.AsOf), nil
}

// Hop is one step of an evidence path: the claim crossed, and the entity
// reached.
type Hop struct {
	Claim Claim
	From  string // the entity the hop leaves
	To    string // the entity the hop reaches
}

// Path is a chain of claims from one entity to another. Weakest is the
// weakest claim status on the path.
type Path struct {
	Start   string
	Hops    []Hop
	Weakest ClaimStatus
}

// End is the entity the path reaches.
func (p Path) End() string {
	if len(p.Hops) == 0 {
		return p.Start
	}
	return p.Hops[len(p.Hops)-1].To
}

// PathQuery asks for paths between two entities.
type PathQuery struct {
	From, To string
	MaxHops  int // 1..MaxPathHops; 0 means 3
	Filter   ClaimFilter
	Limit    int // most paths returned; 0 means DefaultPathLimit
}

// Path limits.
const (
	DefaultMaxHops   = 3
	MaxPathHops      = 6
	DefaultPathLimit = 25
)

// AssessmentQuery asks the headline question: for each compound, was it
// raided within [From, To], and is it connected within MaxHops to a
// politically exposed person or a sanctioned entity?
type AssessmentQuery struct {
	From, To Date
	// MaxHops: 1..MaxPathHops; 0 means DefaultMaxHops. A site that is itself
	// sanctioned is connected at 0 hops; its paths to other targets are
	// evidence too, and are listed after the 0-hop evidence.
	MaxHops int
	Filter  ClaimFilter
	// PathsPerSite caps the evidence paths kept per site; 0 means DefaultPathLimit.
	PathsPerSite int
	// CellsOnly asks only which cell each site is in: rows carry no
	// evidence paths (Connected is still set), which spares building them.
	CellsOnly bool
	// Bare asks for ids only: a store may give each row's site with only
	// its id and kind, and its raids with only their ids. A hint: a store
	// may give more.
	Bare bool
}

// Reason kinds.
const (
	ReasonPoliticallyExposed = "politically_exposed"
	ReasonSanctioned         = "sanctioned"
)

// Reason says why the end of an evidence path counts as connected.
type Reason struct {
	Kind        string // ReasonPoliticallyExposed or ReasonSanctioned
	Entity      string
	Claim       *Claim       // the holds_position claim, for politically exposed
	Designation *Designation // the designation, for sanctioned
}

// Evidence is one evidence path from a site to a politically exposed or
// sanctioned entity, with why that entity counts.
type Evidence struct {
	Path    Path
	Reasons []Reason
}

// SiteAssessment is one compound's row of the assessment.
type SiteAssessment struct {
	Site      Entity
	Raids     []Raid // raids on the site within the window
	Connected bool
	Evidence  []Evidence // shortest first, then strongest, then by ids
}

// Raided reports whether the site was raided within the window.
func (s SiteAssessment) Raided() bool { return len(s.Raids) > 0 }

// Assessment is the raided × connected table: every compound in one of
// four cells, each ordered by site id.
type Assessment struct {
	Query               AssessmentQuery
	RaidedConnected     []SiteAssessment
	RaidedUnconnected   []SiteAssessment
	UnraidedConnected   []SiteAssessment
	UnraidedUnconnected []SiteAssessment
}

// Sites returns every row of the table, ordered by site id.
func (a Assessment) Sites() []SiteAssessment {
	out := make([]SiteAssessment, 0, len(a.RaidedConnected)+len(a.RaidedUnconnected)+len(a.UnraidedConnected)+len(a.UnraidedUnconnected))
	out = append(out, a.RaidedConnected...)
	out = append(out, a.RaidedUnconnected...)
	out = append(out, a.UnraidedConnected...)
	out = append(out, a.UnraidedUnconnected...)
	SortSites(out)
	return out
}

// Stats counts what a store holds.
type Stats struct {
	Entities, Claims, Raids, Designations, Sources, Statements int
}

// String is the summary line the commands print: "3 sources, 19 entities,
// 15 claims, 5 raids, 2 designations, 1 statements".
func (n Stats) String() string {
	return fmt.Sprintf("%d sources, %d entities, %d claims, %d raids, %d designations, %d statements",
		n.Sources, n.Entities, n.Claims, n.Raids, n.Designations, n.Statements)
}

// EntityLister is implemented by stores that can return every entity at
// once, ordered by id — for building a name index at start, not for
// serving requests.
type EntityLister interface {
	AllEntities(ctx context.Context) ([]Entity, error)
}

// Store is the contract every backend implements: read primitives over
// sets of ids and ordered listings. Single look-ups and pages of an
// entity's claims are built on them once, here (EntityByID, SourceByID,
// Neighbours), and whole questions are answered through Answer (a backend
// may answer them itself: graph.Answerer). All methods are safe for
// concurrent use. Lists are never nil on success (empty slices instead):
// the slices and maps a method returns and every list inside them, except a
// record's optional fields (an entity's Aliases, ExternalIDs and
// StatusSources, a raid's Places, a raid account's Breakdown and Outcomes), which are nil
// when empty. Unless said otherwise, methods return an error wrapping
// ErrInvalid for malformed arguments, ErrUnavailable when the backend
// cannot be reached, and one wrapping context.Canceled (never
// ErrUnavailable) when ctx is cancelled. storetest.Run checks all of this.
type Store interface {
	// Entities returns the entities with the given ids, keyed by id; ids
	// that do not exist are absent from the map (no error).
	Entities(ctx context.Context, ids []string) (map[string]Entity, error)
	// Search finds entities by name or alias (see SearchQuery).
	Search(ctx context.Context, q SearchQuery) (SearchPage, error)

	// EdgesOf returns, for each id, every claim of that entity passing the
	// filter, ordered by type, then the other entity's id, then claim id
	// (EdgeKey) — one call for many entities. Unknown ids map to empty
	// lists.
	EdgesOf(ctx context.Context, ids []string, f ClaimFilter) (map[string][]Edge, error)
	// Paths returns simple paths of at most MaxHops claims (any direction)
	// from q.From to q.To, shortest first, then strongest (weakest status
	// highest), then by the claim ids along the path.
	// Returns ErrNotFound if either end does not exist.
	Paths(ctx context.Context, q PathQuery) ([]Path, error)

	// Flags derives the flags of each id; unknown ids are absent.
	Flags(ctx context.Context, ids []string, q FlagQuery) (map[string]Flags, error)
	// Designations returns the designations targeting each id, by date then id.
	Designations(ctx context.Context, ids []string) (map[string][]Designation, error)

	// Compounds lists compounds (see CompoundFilter).
	Compounds(ctx context.Context, f CompoundFilter) (CompoundPage, error)
	// Raids lists raids (see RaidFilter).
	Raids(ctx context.Context, f RaidFilter) (RaidPage, error)
	// RaidsOn returns the raids on each site id, by start date then id.
	RaidsOn(ctx context.Context, siteIDs []string) (map[string][]Raid, error)
	// SiteAssessment answers the raided × connected question.
	SiteAssessment(ctx context.Context, q AssessmentQuery) (Assessment, error)

	// Sources returns the sources with the given ids; absent ids are left out.
	Sources(ctx context.Context, ids []string) (map[string]Source, error)
	// ListSources returns a page of sources ordered by id.
	ListSources(ctx context.Context, page PageArgs) (Page[Source], error)
	// Statements returns the sourced statements, ordered by id.
	Statements(ctx context.Context) ([]Statement, error)

	// Version identifies the dataset the store holds (a content hash).
	Version(ctx context.Context) (string, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
}

// EntityByID returns one entity. Returns ErrNotFound if there is none.
func EntityByID(ctx context.Context, s Store, id string) (Entity, error) {
	m, err := s.Entities(ctx, []string{id})
	if err != nil {
		return Entity{}, err
	}
	e, ok := m[id]
	if !ok {
		return Entity{}, fmt.Errorf("entity %s: %w", Quote(id), ErrNotFound)
	}
	return e, nil
}

// SourceByID returns one source. Returns ErrNotFound if there is none.
func SourceByID(ctx context.Context, s Store, id string) (Source, error) {
	m, err := s.Sources(ctx, []string{id})
	if err != nil {
		return Source{}, err
	}
	src, ok := m[id]
	if !ok {
		return Source{}, fmt.Errorf("source %s: %w", Quote(id), ErrNotFound)
	}
	return src, nil
}

// Neighbours returns a page of the entity's claims that pass the filter,
// in EdgeKey order, each with its cursor. Returns ErrInvalid for a bad
// filter, then ErrNotFound if the entity does not exist, then ErrInvalid
// for a bad page.
func Neighbours(ctx context.Context, s Store, id string, f ClaimFilter, page PageArgs) (EdgePage, error) {
	if err := f.Check(); err != nil {
		return EdgePage{}, err
	}
	if _, err := EntityByID(ctx, s, id); err != nil {
		return EdgePage{}, err
	}
	all, err := s.EdgesOf(ctx, []string{id}, f)
	if err != nil {
		return EdgePage{}, err
	}
	edges := all[id]
	// the keys of the page only (and of a binary search for the cursor):
	// a hub has thousands of edges
	key := func(i int) string { return EdgeKey(edges[i]) }
	list := RelationshipsOf(id)
	lo, hi, info, err := PaginateFunc(list, len(edges), key, page)
	if err != nil {
		return EdgePage{}, err
	}
	out := EdgePage{Items: make([]Edge, 0, hi-lo), Cursors: make([]string, 0, hi-lo), PageInfo: info}
	for i := lo; i < hi; i++ {
		out.Items = append(out.Items, edges[i])
		out.Cursors = append(out.Cursors, list.Cursor(key(i)))
	}
	return out, nil
}
