import { afterEach, describe, expect, it } from "vitest";
import { addDays, dayStart, dayStartOrNull, isoDay, utcDay } from "@/lib/calendar-day";

/**
 * Calendar days are the same day everywhere: the server's zone (TZ) and DST changes must not
 * move a review date or an expiry by a day. Node applies a new process.env.TZ at once.
 */
const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

const ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"];

describe("calendar days", () => {
  it.each(ZONES)("in %s, a day is stored as its UTC midnight and read back as the same day", (zone) => {
    process.env.TZ = zone;
    // Both DST changes of 2026 in Europe and the US, a leap day, the turn of the year.
    for (const day of ["2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2028-02-29", "2026-12-31", "2027-01-01"]) {
      const stored = dayStart(day);
      expect(stored.toISOString()).toBe(`${day}T00:00:00.000Z`);
      expect(isoDay(stored)).toBe(day);
    }
  });

  it.each(ZONES)("in %s, adding days across a DST change moves by whole calendar days", (zone) => {
    process.env.TZ = zone;
    expect(isoDay(addDays(dayStart("2026-03-28"), 1))).toBe("2026-03-29");
    expect(isoDay(addDays(dayStart("2026-03-28"), 2))).toBe("2026-03-30");
    expect(isoDay(addDays(dayStart("2026-10-24"), 365))).toBe("2027-10-24");
    expect(isoDay(addDays(dayStart("2028-02-28"), 1))).toBe("2028-02-29");
  });

  it("the UTC day of an instant does not depend on the server's zone", () => {
    const justAfterBerlinMidnight = new Date("2026-03-29T22:30:00.000Z"); // 00:30 on the 30th in Berlin (CEST)
    for (const zone of ZONES) {
      process.env.TZ = zone;
      expect(utcDay(justAfterBerlinMidnight).toISOString()).toBe("2026-03-29T00:00:00.000Z");
    }
  });

  it("refuses what is not a real calendar day, and treats an empty one as none", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "2026-3-1", "2026-03-01T00:00:00Z", "", "yesterday"]) {
      expect(() => dayStart(bad)).toThrow(RangeError);
    }
    expect(dayStartOrNull(undefined)).toBeNull();
    expect(dayStartOrNull("")).toBeNull();
    expect(dayStartOrNull(null)).toBeNull();
  });
});
