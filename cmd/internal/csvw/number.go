package csvw

// digits2 is "00" to "99", for writing two digits at a time.
const digits2 = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// appendUint is strconv.AppendUint(b, u, 10) without its generality:
// vms.csv writes fourteen numbers on each of millions of rows, most of
// them one or two digits.
func appendUint(b []byte, u uint64) []byte {
	if u < 10 {
		return append(b, byte('0'+u))
	}
	if u < 100 {
		return append(b, digits2[2*u], digits2[2*u+1])
	}
	var a [20]byte
	i := len(a)
	for u >= 100 {
		q := u / 100
		j := 2 * (u - 100*q)
		i -= 2
		a[i], a[i+1] = digits2[j], digits2[j+1]
		u = q
	}
	if u >= 10 {
		i -= 2
		a[i], a[i+1] = digits2[2*u], digits2[2*u+1]
	} else {
		i--
		a[i] = byte('0' + u)
	}
	return append(b, a[i:]...)
}

// appendInt is strconv.AppendInt(b, i, 10), as appendUint.
func appendInt(b []byte, i int64) []byte {
	if i < 0 {
		return appendUint(append(b, '-'), -uint64(i))
	}
	return appendUint(b, uint64(i))
}
