package graph

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		prec Precision
		err  bool
	}{
		{"", Date{}, PrecisionNone, false},
		{"2022", Date{Year: 2022}, PrecisionYear, false},
		{"2025-07", Date{Year: 2025, Month: 7}, PrecisionMonth, false},
		{"2025-07-14", Date{2025, 7, 14}, PrecisionDay, false},
		{"2024-02-29", Date{2024, 2, 29}, PrecisionDay, false},
		{"2025-02-29", Date{}, 0, true},
		{"2025-13", Date{}, 0, true},
		{"2025-00", Date{}, 0, true},
		{"2025-7-14", Date{}, 0, true},
		{"14/07/2025", Date{}, 0, true},
		{"2025-07-14-01", Date{}, 0, true},
		{"0999", Date{}, 0, true},
		{"July", Date{}, 0, true},
		{"2025-+7-+1", Date{}, 0, true},
		{"+202", Date{}, 0, true},
	} {
		got, err := ParseDate(tc.in)
		if tc.err {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseDate(%q) error = %v, want ErrInvalid", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want || got.Precision() != tc.prec || got.String() != tc.in {
			t.Errorf("ParseDate(%q) = %+v (%v, %q), %v; want %+v at %v", tc.in, got, got.Precision(), got.String(), err, tc.want, tc.prec)
		}
	}
}

func TestPeriod(t *testing.T) {
	d := MustDate
	for _, tc := range []struct {
		p    Period
		asOf string
		want bool
	}{
		{Period{}, "2020-01-01", true},
		{Period{Start: d("2025")}, "2025-01-01", true},
		{Period{Start: d("2025")}, "2024-12-31", false},
		{Period{Start: d("2025-07")}, "2025-07", true},
		{Period{Start: d("2025-07-15")}, "2025-07", true}, // as of July: by the end of July
		{Period{Start: d("2021"), End: d("2023-12")}, "2023-12-31", true},
		{Period{Start: d("2021"), End: d("2023-12")}, "2024-01-01", false},
		{Period{Start: d("2021"), End: d("2023")}, "2023", true},
		{Period{Start: d("2021")}, "", true},
	} {
		var asOf Date
		if tc.asOf != "" {
			asOf = d(tc.asOf)
		}
		if got := tc.p.InEffect(asOf); got != tc.want {
			t.Errorf("%+v.InEffect(%s) = %v, want %v", tc.p, tc.asOf, got, tc.want)
		}
	}
	for _, tc := range []struct {
		p        Period
		from, to string
		want     bool
	}{
		{Period{Start: d("2025-07-17"), End: d("2025-07-18")}, "2025-07-18", "2025-07-18", true},
		{Period{Start: d("2025-07-17"), End: d("2025-07-18")}, "2025-07-19", "", false},
		{Period{Start: d("2024-10")}, "2024-10-15", "2024-12", true},
		{Period{Start: d("2024-10-24")}, "", "2024-10-23", false},
		{Period{Start: d("2024-10-24")}, "", "", true},
	} {
		var from, to Date
		if tc.from != "" {
			from = d(tc.from)
		}
		if tc.to != "" {
			to = d(tc.to)
		}
		if got := tc.p.Overlaps(from, to); got != tc.want {
			t.Errorf("%+v.Overlaps(%s, %s) = %v, want %v", tc.p, tc.from, tc.to, got, tc.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Count
		err  bool
	}{
		{"234", Count{234, CountExact}, false},
		{"~1000", Count{1000, CountAbout}, false},
		{">=270", Count{270, CountAtLeast}, false},
		{">2000", Count{2000, CountMoreThan}, false},
		{"500+", Count{}, true},
		{"1,000", Count{}, true},
		{"-3", Count{}, true},
		{"about 5", Count{}, true},
	} {
		got, err := ParseCount(tc.in)
		if tc.err != (err != nil) || got != tc.want || (!tc.err && got.String() != tc.in) {
			t.Errorf("ParseCount(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"O'Smach  Resort", "o smach resort"},
		{"O-Smach Resort", "o smach resort"},
		{"Ōkna LÝ Yong-Phat", "okna ly yong phat"},
		{"苏良生", "苏良生"},
		{"ហ៊ុន ម៉ាណែត", "ហ៊ុន ម៉ាណែត"}, // Khmer keeps its signs
		{"  ,, ", ""},
		{"AAA ី", "aaa"},   // a mark with no letter before it is dropped
		{"\xf3Ȁ b", "a b"}, // an invalid byte is a space; the next letter still folds
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Lý Yong Phát", "O'Smach  Resort", "ឧកញ៉ា លី", "恒合集团", "\xff", "ß", "İ", "AAA ី", "\xf3Ȁ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if Fold(got) != got {
			t.Fatalf("Fold is not idempotent: %q → %q → %q", s, got, Fold(got))
		}
		if strings.Contains(got, "  ") || strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") {
			t.Fatalf("Fold(%q) = %q has stray spaces", s, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025", "2025-07", "2025-07-14", "2025-+7", "2024-02-29", "0000", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseDate(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if got := d.String(); got != strings.TrimSpace(s) {
			t.Fatalf("ParseDate(%q) = %v, which prints as %q", s, d, got)
		}
	})
}
