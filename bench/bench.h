/*
 * PURPOSE: Shared measuring helpers for kmode's benchmark programs: each figure is measured
 * by repeating an operation in batches for ~120 ms and printed next to its baseline (ns/op
 * and the ratio kmode / baseline; below 1.0 means kmode is faster).
 */
#ifndef KMODE_BENCH_H
#define KMODE_BENCH_H

#include <stdio.h>
#include <time.h>

#define TARGET_NS   120000000ull
#define BATCH       4096

static unsigned long long NowNs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

typedef void (*BENCH_FN)(unsigned Iteration);

/* Runs Fn in batches until TARGET_NS elapsed; returns nanoseconds per call. */
static double Measure(BENCH_FN Fn)
{
    unsigned long long start, elapsed, calls = 0;
    unsigned i;

    for (i = 0; i < BATCH; i++)      /* warm-up */
        Fn(i);
    start = NowNs();
    do
    {
        for (i = 0; i < BATCH; i++)
            Fn(i);
        calls += BATCH;
        elapsed = NowNs() - start;
    } while (elapsed < TARGET_NS);
    return (double)elapsed / (double)calls;
}

/* The host's load when the run starts (/proc/loadavg): on a busy machine the figures, the
   multi-thread ones above all, say more about the scheduler than about kmode. */
static void PrintLoad(const char *Bench)
{
    char line[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fgets(line, sizeof line, f) == NULL)
            line[0] = 0;
        fclose(f);
    }
    for (char *p = line; *p; p++)
        if (*p == '\n')
            *p = 0;
    printf("%s: host load average %s (1, 5, 15 min; runnable/total threads; last pid)\n", Bench,
           line);
}

static void Report(const char *What, double Kmode, const char *Baseline, double Base)
{
    printf("%-44s %8.1f ns/op   %-36s %8.1f ns/op   ratio %.2f\n", What, Kmode, Baseline, Base,
           Kmode / Base);
}

#endif
