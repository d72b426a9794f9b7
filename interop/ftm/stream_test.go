package ftm_test

import (
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/patronage/patronage/interop/ftm"
)

// lines is an io.Reader that generates n FtM lines on the fly, so the input
// is never held in memory: what Read retains is what it keeps of it.
type lines struct {
	n, i int
	buf  []byte
	line func(i int) string
}

func (l *lines) Read(p []byte) (int, error) {
	for len(l.buf) == 0 {
		if l.i == l.n {
			return 0, io.EOF
		}
		l.buf = []byte(l.line(l.i))
		l.i++
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

// BenchmarkReadStream reads a large generated stream of FICTIONAL records
// and reports the heap retained afterwards per input MiB: a stream of
// records that are skipped (vessels) must leave the heap flat, and one of
// mapped people retains only the mapped records, never the raw input.
//
//	go test -run '^$' -bench ReadStream -benchtime 1x ./interop/ftm
func BenchmarkReadStream(b *testing.B) {
	for _, tc := range []struct {
		name string
		n    int
		line func(int) string
	}{
		{"skipped-vessels", 500_000, func(i int) string {
			return fmt.Sprintf(`{"id":"fx-vessel-%d","schema":"Vessel","properties":{"name":["Fictional Vessel %d"],"flag":["xx"],"notes":["%0200d"]}}`+"\n", i, i, i)
		}},
		{"people", 200_000, func(i int) string {
			return fmt.Sprintf(`{"id":"fx-person-%d","schema":"Person","properties":{"name":["Fictional Person %d"],"notes":["%0200d"]}}`+"\n", i, i, i)
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var in int64
			for i := 0; i < 1000; i++ {
				in += int64(len(tc.line(i)))
			}
			in = in * int64(tc.n) / 1000
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				frag, err := ftm.Read(&lines{n: tc.n, line: tc.line}, ftm.Options{Name: "generated"})
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(in)/(1<<20), "input-MiB")
				b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "retained-MiB")
				runtime.KeepAlive(frag)
			}
		})
	}
}
