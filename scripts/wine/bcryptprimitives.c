// For `scripts/package --check` only, never shipped: Wine 8 (Debian 12) lacks bcryptprimitives.dll,
// whose ProcessPrng the Rust standard library calls on Windows 10 and later (where the DLL is
// part of the system). This stand-in gives the same random bytes through RtlGenRandom.
#include <windows.h>
#include <ntsecapi.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) { ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len; if (!RtlGenRandom(data, n)) return FALSE; data += n; len -= n; }
  return TRUE;
}
