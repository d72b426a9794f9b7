package graph

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known.
type Precision int

// Precisions, from unknown to a full day.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

func (p Precision) String() string {
	switch p {
	case PrecisionYear:
		return "year"
	case PrecisionMonth:
		return "month"
	case PrecisionDay:
		return "day"
	}
	return "none"
}

// Date is a calendar date known to a year, a month or a day, as sources give
// them ("2022", "2025-07", "2025-07-14"). The zero Date is unknown.
type Date struct {
	Year  int
	Month int // 0 when only the year is known
	Day   int // 0 when only the month is known
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD. The empty string is the zero
// Date. Impossible dates (month 13, 30 February) are rejected with ErrInvalid.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("%w: date %s is not YYYY, YYYY-MM or YYYY-MM-DD", ErrInvalid, Quote(s))
	}
	widths := []int{4, 2, 2}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) != widths[i] || strings.Trim(p, "0123456789") != "" {
			return Date{}, fmt.Errorf("%w: date %s is not YYYY, YYYY-MM or YYYY-MM-DD", ErrInvalid, Quote(s))
		}
		nums[i] = n
	}
	d := Date{Year: nums[0]}
	if d.Year < 1000 {
		return Date{}, fmt.Errorf("%w: date %s has an impossible year", ErrInvalid, Quote(s))
	}
	if len(nums) > 1 {
		d.Month = nums[1]
		if d.Month < 1 || d.Month > 12 {
			return Date{}, fmt.Errorf("%w: date %s has an impossible month", ErrInvalid, Quote(s))
		}
	}
	if len(nums) > 2 {
		d.Day = nums[2]
		if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return Date{}, fmt.Errorf("%w: date %s is not a day of the calendar", ErrInvalid, Quote(s))
		}
	}
	return d, nil
}

// MustDate is ParseDate for literals in tests and examples; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Day returns the Date of a time's calendar day.
func Day(t time.Time) Date { return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()} }

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// String formats the date at its own precision; the zero Date is "".
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// First is the first day the date may mean: 2025-07 gives 2025-07-01.
func (d Date) First() Date {
	if d.IsZero() {
		return d
	}
	f := d
	if f.Month == 0 {
		f.Month = 1
	}
	if f.Day == 0 {
		f.Day = 1
	}
	return f
}

// Last is the last day the date may mean: 2025-07 gives 2025-07-31.
func (d Date) Last() Date {
	if d.IsZero() {
		return d
	}
	l := d
	if l.Month == 0 {
		l.Month = 12
	}
	if l.Day == 0 {
		l.Day = daysIn(l.Year, l.Month)
	}
	return l
}

// Ordinal is a sortable integer for a day-precision date (YYYYMMDD); dates of
// lower precision are placed at their first day.
func (d Date) Ordinal() int {
	f := d.First()
	return f.Year*10000 + f.Month*100 + f.Day
}

// Compare orders two dates by their first day, then by precision (coarser
// first), so that sorting is total and stable. The zero Date sorts first.
func (d Date) Compare(e Date) int {
	a, b := d.Ordinal(), e.Ordinal()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return int(d.Precision()) - int(e.Precision())
}

// Period is a span between two dates, either of which may be unknown.
type Period struct {
	Start Date
	End   Date
}

// InEffect reports whether a claim with this period may hold on the day asOf.
// An unknown start means "since some time"; an unknown end means "still".
// Dates of coarse precision are taken generously: a claim starting "2025" is
// in effect as of 2025-01-01, one ending "2024" is still in effect on 2024-12-31.
func (p Period) InEffect(asOf Date) bool {
	if asOf.IsZero() {
		return true
	}
	day := asOf.Last().Ordinal()
	if !p.Start.IsZero() && p.Start.First().Ordinal() > day {
		return false
	}
	if !p.End.IsZero() && p.End.Last().Ordinal() < asOf.First().Ordinal() {
		return false
	}
	return true
}

// Overlaps reports whether the period may overlap the window [from, to]
// (either end of which may be zero for "open").
func (p Period) Overlaps(from, to Date) bool {
	start, end := p.Start, p.End
	if end.IsZero() {
		end = start
	}
	if !from.IsZero() && !end.IsZero() && end.Last().Ordinal() < from.First().Ordinal() {
		return false
	}
	if !to.IsZero() && !start.IsZero() && start.First().Ordinal() > to.Last().Ordinal() {
		return false
	}
	return true
}
