/*
 * PURPOSE: The test driver of the Win32 device I/O tests (win32_devio_drv.c, driver mode)
 * as the app-mode tests see it: its device names, control codes and a few counters. Plain
 * C types only (app mode and driver mode both include it); CTL_CODE comes from the
 * includer's <winioctl.h> or <ntddk.h>.
 */
#ifndef WIN32_DEVIO_DRV_H
#define WIN32_DEVIO_DRV_H

#ifdef __cplusplus
extern "C" {
#endif

/* \Device\W32DevioTest, linked as \DosDevices\W32DevioTest (\\.\W32DevioTest). */
#define W32DT_WIN32_NAME "\\\\.\\W32DevioTest"

#define W32DT_TYPE 0x8321
/* Output = each input byte + 1 (Information = input length); STATUS_BUFFER_TOO_SMALL when
   the output is shorter than the input. */
#define IOCTL_W32DT_BUFFERED   CTL_CODE(W32DT_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* The MDL buffer (nOutBufferSize bytes) gets input[i % inLen] ^ 0x5A; Information = out. */
#define IOCTL_W32DT_IN_DIRECT  CTL_CODE(W32DT_TYPE, 0x801, METHOD_IN_DIRECT, FILE_ANY_ACCESS)
#define IOCTL_W32DT_OUT_DIRECT CTL_CODE(W32DT_TYPE, 0x802, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
/* The driver probes both user buffers and writes out[i] = ~in[i % inLen] (Information =
   out); an unreadable buffer gives the probe's STATUS_ACCESS_VIOLATION. */
#define IOCTL_W32DT_NEITHER    CTL_CODE(W32DT_TYPE, 0x803, METHOD_NEITHER, FILE_ANY_ACCESS)
/* Fills the whole output with 0xA5 and completes with STATUS_BUFFER_OVERFLOW, Information
   = output length. */
#define IOCTL_W32DT_OVERFLOW   CTL_CODE(W32DT_TYPE, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* STATUS_BUFFER_TOO_SMALL, Information 0. */
#define IOCTL_W32DT_TOO_SMALL  CTL_CODE(W32DT_TYPE, 0x805, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Pends (cancelable) until IOCTL_W32DT_COMPLETE_ONE. */
#define IOCTL_W32DT_PEND       CTL_CODE(W32DT_TYPE, 0x806, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Completes the oldest pended request (IOCTL or read): input is a ULONG n; the request's
   output gets n bytes of 0x42 (reads: the read pattern) and Information n. Returns
   STATUS_NOT_FOUND when none is pending. */
#define IOCTL_W32DT_COMPLETE_ONE CTL_CODE(W32DT_TYPE, 0x807, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* Needs a handle with write access. Information 0. */
#define IOCTL_W32DT_NEED_WRITE CTL_CODE(W32DT_TYPE, 0x808, METHOD_BUFFERED, FILE_WRITE_ACCESS)
/* Output: one ULONG, the number of requests pending in the driver. */
#define IOCTL_W32DT_PENDING_COUNT CTL_CODE(W32DT_TYPE, 0x809, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Reads (DO_BUFFERED_IO): byte i is (ByteOffset + i) & 0xFF, Information = Length; a read at
   an offset >= W32DT_PEND_OFFSET pends like IOCTL_W32DT_PEND. Writes are recorded. */
#define W32DT_PEND_OFFSET 0x100000u

/* Loads the driver the first time (runtime-mode helper, win32_devio_load.c). 0 on success. */
int w32dt_load(void);

/* What the driver saw. */
unsigned w32dt_creates(void);               /* IRP_MJ_CREATE count */
unsigned w32dt_last_disposition(void);      /* of the last CREATE (FILE_OPEN...) */
unsigned w32dt_last_create_options(void);   /* its create options (low 24 bits) */
unsigned w32dt_cleanups(void);
unsigned w32dt_closes(void);
unsigned w32dt_last_write_length(void);
unsigned long long w32dt_last_write_offset(void);
const unsigned char *w32dt_last_write_data(void);   /* first 256 bytes */
unsigned w32dt_cancels(void);               /* requests completed by the cancel routine */
void w32dt_reset_counters(void);

#ifdef __cplusplus
}
#endif

#endif
