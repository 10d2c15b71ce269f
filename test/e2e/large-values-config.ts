/**
 * An IP list with `ranges` ranges, written with a dynamic block (Terraform's `range()` stops at
 * 1,024 values, so the indexes are built in thousands): 10.0.0.0, 10.0.0.4, 10.0.0.8, ...
 */
export function ipListWithRanges(name: string, ranges: number): string {
  return `resource "secops_illumio_ip_list" "${name}" {
  name = "${name}"
  dynamic "ip_ranges" {
    for_each = [for i in flatten([for a in range(${Math.ceil(ranges / 1000)}) : [for b in range(1000) : a * 1000 + b]]) : i if i < ${ranges}]
    content {
      from_ip = cidrhost("10.0.0.0/8", ip_ranges.value * 4)
    }
  }
}`;
}
