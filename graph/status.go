package graph

import (
	"fmt"
	"strings"
)

// ClaimStatus is how strongly a claim is supported. Statuses are ordered:
// a denied or disputed claim is weaker than an allegation, which is weaker
// than a report, which is weaker than an official record.
type ClaimStatus int

// Claim statuses, weakest first. The zero value is not a valid status.
const (
	StatusDenied ClaimStatus = iota + 1
	StatusDisputed
	StatusAlleged
	StatusReported
	StatusOfficialRecord
)

var statusNames = map[ClaimStatus]string{
	StatusDenied:         "denied",
	StatusDisputed:       "disputed",
	StatusAlleged:        "alleged",
	StatusReported:       "reported",
	StatusOfficialRecord: "official_record",
}

// ClaimStatuses lists every status, weakest first.
func ClaimStatuses() []ClaimStatus {
	return []ClaimStatus{StatusDenied, StatusDisputed, StatusAlleged, StatusReported, StatusOfficialRecord}
}

// ParseClaimStatus reads the seed spelling ("official_record", "reported",
// "alleged", "disputed", "denied").
func ParseClaimStatus(s string) (ClaimStatus, error) {
	s = strings.TrimSpace(s)
	for st, name := range statusNames {
		if name == s {
			return st, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown claim status %q (want official_record, reported, alleged, disputed or denied)", ErrInvalid, s)
}

func (s ClaimStatus) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("ClaimStatus(%d)", int(s))
}

// Valid reports whether s is one of the defined statuses.
func (s ClaimStatus) Valid() bool { _, ok := statusNames[s]; return ok }

// AtLeast reports whether s meets the minimum min. A zero min admits
// everything except denied and disputed claims (the default is "alleged").
func (s ClaimStatus) AtLeast(min ClaimStatus) bool {
	if min == 0 {
		min = StatusAlleged
	}
	return s >= min
}
