package kernel_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gojup/gojup/kernel/kerneltest"
)

// median returns the median of ds in milliseconds.
func median(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64(ds[len(ds)/2]) / float64(time.Millisecond)
}

// BenchmarkStartToKernelInfo measures process start → first kernel_info_reply
// (design budget: ≤ 20 ms). Run with -benchtime=50x.
func BenchmarkStartToKernelInfo(b *testing.B) {
	kerneltest.Binary(b)
	var ds []time.Duration
	for b.Loop() {
		k, err := kerneltest.StartProcess(b)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		c, err := k.NewClient(ctx, k.Conn.Key)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.KernelInfo(ctx); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(k.Started))
		cancel()
		c.Close()
		k.Stop()
	}
	b.ReportMetric(median(ds), "ms-median")
}

// BenchmarkExecuteOnePlusOne measures execute_request("1+1") → execute_reply on a warm
// kernel (design budget: median ≤ 0.6 ms). Run with -benchtime=50x.
func BenchmarkExecuteOnePlusOne(b *testing.B) {
	k := kerneltest.Start(b)
	c := k.Client
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for range 5 { // warm up: the worker is ready, code paths are hot
		if _, err := c.Execute(ctx, "1+1"); err != nil {
			b.Fatal(err)
		}
	}
	var ds []time.Duration
	for b.Loop() {
		start := time.Now()
		m, err := c.SendExecute("1+1", kerneltest.ExecuteOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Reply(ctx, m.Header.MsgID); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
		if _, err := c.Outputs(ctx, m.Header.MsgID); err != nil { // wait for idle
			b.Fatal(err)
		}
	}
	b.ReportMetric(median(ds), "ms-median")
}

// BenchmarkStartToFirstResult measures process start → execute_reply of the first `1+1`
// (design budget: ≤ 100 ms). Run with -benchtime=20x.
func BenchmarkStartToFirstResult(b *testing.B) {
	kerneltest.Binary(b)
	var ds []time.Duration
	for b.Loop() {
		k, err := kerneltest.StartProcess(b)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		c, err := k.NewClient(ctx, k.Conn.Key)
		if err != nil {
			b.Fatal(err)
		}
		m, err := c.SendExecute("1+1", kerneltest.ExecuteOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Reply(ctx, m.Header.MsgID); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(k.Started))
		cancel()
		c.Close()
		k.Stop()
	}
	b.ReportMetric(median(ds), "ms-median")
}
