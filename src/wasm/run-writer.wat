;; The run writer of src/render/layout-writer.ts in WebAssembly: consecutive plain integer
;; fields of a struct (most of tcp_info, the link stats, the DEVCONF arrays), each written as
;; its key's bytes and its value's decimal digits, straight into the output buffer. It writes
;; what putRun writes, byte for byte; the test compares the two on random layouts and values.
;; `npm run wasm` compiles this file (wat2wasm, from wabt) into run-writer-bytes.ts.
(module
  ;; fixed size (never grown: growing would detach every view of it that JavaScript holds)
  (memory (export "memory") 256 256)
  ;; "00" to "99" (two digits per division), at DIGIT_PAIRS of run-writer.ts's map
  (data (i32.const 65536) "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899")

  ;; v (below 2^32) in decimal at p, two digits at a time from the end; returns the end
  (func $digits32 (param $p i32) (param $v i32) (result i32)
    (local $q i32) (local $d i32) (local $end i32)
    (if (i32.lt_u (local.get $v) (i32.const 10))
      (then
        (i32.store8 (local.get $p) (i32.add (local.get $v) (i32.const 48)))
        (return (i32.add (local.get $p) (i32.const 1)))))
    (local.set $end (i32.add (local.get $p)
      (select (i32.const 2)
        (select (i32.const 3)
          (select (i32.const 4)
            (select (i32.const 5)
              (select (i32.const 6)
                (select (i32.const 7)
                  (select (i32.const 8)
                    (select (i32.const 9) (i32.const 10) (i32.lt_u (local.get $v) (i32.const 1000000000)))
                    (i32.lt_u (local.get $v) (i32.const 100000000)))
                  (i32.lt_u (local.get $v) (i32.const 10000000)))
                (i32.lt_u (local.get $v) (i32.const 1000000)))
              (i32.lt_u (local.get $v) (i32.const 100000)))
            (i32.lt_u (local.get $v) (i32.const 10000)))
          (i32.lt_u (local.get $v) (i32.const 1000)))
        (i32.lt_u (local.get $v) (i32.const 100)))))
    (local.set $q (local.get $end))
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.lt_u (local.get $v) (i32.const 100)))
        (local.set $d (i32.div_u (local.get $v) (i32.const 100)))
        (local.set $q (i32.sub (local.get $q) (i32.const 2)))
        (i32.store16 (local.get $q)
          (i32.load16_u offset=65536 (i32.shl (i32.sub (local.get $v) (i32.mul (local.get $d) (i32.const 100))) (i32.const 1))))
        (local.set $v (local.get $d))
        (br $pair)))
    (if (i32.ge_u (local.get $v) (i32.const 10))
      (then (i32.store16 (i32.sub (local.get $q) (i32.const 2)) (i32.load16_u offset=65536 (i32.shl (local.get $v) (i32.const 1)))))
      (else (i32.store8 (i32.sub (local.get $q) (i32.const 1)) (i32.add (local.get $v) (i32.const 48)))))
    (local.get $end))

  ;; v (unsigned) in decimal at p; returns the end
  (func $digits64 (param $p i32) (param $v i64) (result i32)
    (local $q i32) (local $d i64) (local $end i32) (local $t i64)
    (if (i64.lt_u (local.get $v) (i64.const 4294967296))
      (then (return (call $digits32 (local.get $p) (i32.wrap_i64 (local.get $v))))))
    ;; 10 to 20 digits
    (local.set $end (i32.add (local.get $p) (i32.const 10)))
    (local.set $t (i64.const 10000000000))
    (block $counted
      (loop $count
        (br_if $counted (i64.lt_u (local.get $v) (local.get $t)))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br_if $counted (i32.eq (local.get $end) (i32.add (local.get $p) (i32.const 20))))
        (local.set $t (i64.mul (local.get $t) (i64.const 10)))
        (br $count)))
    (local.set $q (local.get $end))
    (loop $digit
      (local.set $d (i64.div_u (local.get $v) (i64.const 10)))
      (local.set $q (i32.sub (local.get $q) (i32.const 1)))
      (i64.store8 (local.get $q)
        (i64.add (i64.const 48) (i64.sub (local.get $v) (i64.mul (local.get $d) (i64.const 10)))))
      (local.set $v (local.get $d))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (local.get $end))

;; Writes the fields of entries [e, end) of a struct at src, from out; returns the end.
  ;; An entry is 5 i32s:
  ;;   the field's offset in the struct;
  ;;   its kind: in the low 4 bits run-writer.ts's RUN_KIND (1 u8, 2 u16, 3 u32, 4 be16, 5 be32,
  ;;     6 u64, 7 s8, 8 s16, 9 s32); 16: shown by name; 32: a bitfield member, its shift at
  ;;     bit 8 and width at bit 16 (the value (unit >>> shift) & (2^width - 1), as JavaScript
  ;;     computes it: signed for a width of 32);
  ;;   its key's address and length (the key's bytes zero-padded to a multiple of 8: written 8
  ;;     at a time, the overhang overwritten by the value);
  ;;   for a field shown by name, its texts: a table of 512 slots of [value, address, length]
  ;;     (length 0: empty), filled by JavaScript as it meets values.
  ;; A value shown by name with no text in the table yet stops the run before its key: the cell
  ;; at $stop gets its entry's address (else 0), and JavaScript writes from there.
  ;; mode: 1 a newline after each field (text; a name's text has its own), 2 a u64 of 2^53 or
  ;; more in quotes (JSON: a JavaScript number holds it only as a string).
  (func (export "run") (param $e i32) (param $end i32) (param $src i32) (param $out i32) (param $mode i32) (result i32)
    (local $k i32) (local $kend i32) (local $at i32) (local $v i64) (local $quote i32) (local $kind i32)
    (local $raw i32) (local $slot i32) (local $len i32) (local $width i32)
    (block $done
      (loop $field
        (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
        (local.set $kind (i32.load offset=4 (local.get $e)))
        ;; the key
        (local.set $k (i32.load offset=8 (local.get $e)))
        (local.set $kend (i32.add (local.get $k) (i32.load offset=12 (local.get $e))))
        (local.set $at (local.get $out))
        (loop $word
          (i64.store (local.get $at) (i64.load (local.get $k)))
          (local.set $k (i32.add (local.get $k) (i32.const 8)))
          (local.set $at (i32.add (local.get $at) (i32.const 8)))
          (br_if $word (i32.lt_u (local.get $k) (local.get $kend))))
        ;; (out moves past the key once the value is known to be written here)
        (local.set $at (i32.add (local.get $src) (i32.load (local.get $e))))
        (block $next
        (block $value
        (block $read
          (block $s32 (block $s16 (block $s8 (block $u64 (block $be32 (block $be16 (block $u32 (block $u16 (block $u8
            (br_table $u8 $u8 $u16 $u32 $be16 $be32 $u64 $s8 $s16 $s32 (i32.and (local.get $kind) (i32.const 15))))
            (local.set $v (i64.load8_u (local.get $at))) (br $read))
            (local.set $v (i64.load16_u (local.get $at))) (br $read))
            (local.set $v (i64.load32_u (local.get $at))) (br $read))
            (local.set $v (i64.extend_i32_u
              (i32.or (i32.shl (i32.load8_u (local.get $at)) (i32.const 8)) (i32.load8_u offset=1 (local.get $at)))))
            (br $read))
            (local.set $v (i64.extend_i32_u (i32.or
              (i32.or (i32.shl (i32.load8_u (local.get $at)) (i32.const 24)) (i32.shl (i32.load8_u offset=1 (local.get $at)) (i32.const 16)))
              (i32.or (i32.shl (i32.load8_u offset=2 (local.get $at)) (i32.const 8)) (i32.load8_u offset=3 (local.get $at))))))
            (br $read))
            ;; u64 (plain only): unsigned, so no sign below; quoted in JSON from 2^53
            (local.set $out (i32.add (local.get $out) (i32.load offset=12 (local.get $e))))
            (local.set $v (i64.load (local.get $at)))
            (local.set $quote (i32.and (i32.shr_u (local.get $mode) (i32.const 1))
              (i64.ge_u (local.get $v) (i64.const 9007199254740992))))
            (if (local.get $quote) (then
              (i32.store8 (local.get $out) (i32.const 34))
              (local.set $out (i32.add (local.get $out) (i32.const 1)))))
            (local.set $out (call $digits64 (local.get $out) (local.get $v)))
            (if (local.get $quote) (then
              (i32.store8 (local.get $out) (i32.const 34))
              (local.set $out (i32.add (local.get $out) (i32.const 1)))))
            (br $value))
            (local.set $v (i64.load8_s (local.get $at))) (br $read))
            (local.set $v (i64.load16_s (local.get $at))) (br $read))
          (local.set $v (i64.load32_s (local.get $at))))
          ;; every kind but u64 ends here: below 2^32 in magnitude
          (if (i32.and (local.get $kind) (i32.const 32)) (then
            (local.set $width (i32.and (i32.shr_u (local.get $kind) (i32.const 16)) (i32.const 63)))
            (local.set $v (i64.extend_i32_s (i32.and
              (i32.shr_u (i32.wrap_i64 (local.get $v)) (i32.and (i32.shr_u (local.get $kind) (i32.const 8)) (i32.const 31)))
              (select (i32.const -1) (i32.sub (i32.shl (i32.const 1) (local.get $width)) (i32.const 1))
                (i32.ge_u (local.get $width) (i32.const 32))))))))
          (if (i32.and (local.get $kind) (i32.const 16)) (then
            ;; its text from the table, if there
            (local.set $raw (i32.wrap_i64 (local.get $v)))
            (local.set $slot (i32.shr_u (i32.mul (local.get $raw) (i32.const 0x9e3779b1)) (i32.const 23)))
            (loop $probe
              (local.set $at (i32.add (i32.load offset=16 (local.get $e)) (i32.mul (local.get $slot) (i32.const 12))))
              (local.set $len (i32.load offset=8 (local.get $at)))
              (if (i32.eqz (local.get $len)) (then
                (i32.store (i32.const 65784) (local.get $e))
                (return (local.get $out))))
              (if (i32.ne (i32.load (local.get $at)) (local.get $raw)) (then
                (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 511)))
                (br $probe))))
            (local.set $out (i32.add (local.get $out) (i32.load offset=12 (local.get $e))))
            (local.set $k (i32.load offset=4 (local.get $at)))
            (local.set $kend (i32.add (local.get $k) (local.get $len)))
            (local.set $at (local.get $out))
            (loop $word
              (i64.store (local.get $at) (i64.load (local.get $k)))
              (local.set $k (i32.add (local.get $k) (i32.const 8)))
              (local.set $at (i32.add (local.get $at) (i32.const 8)))
              (br_if $word (i32.lt_u (local.get $k) (local.get $kend))))
            (local.set $out (i32.add (local.get $out) (local.get $len)))
            (br $next)))
          (local.set $out (i32.add (local.get $out) (i32.load offset=12 (local.get $e))))
          (if (i64.lt_s (local.get $v) (i64.const 0)) (then
            (i32.store8 (local.get $out) (i32.const 45))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))
            (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
          ;; one digit (zeros and small counts, most fields) here, the rest by $digits32
          (if (i64.lt_u (local.get $v) (i64.const 10))
            (then
              (i32.store8 (local.get $out) (i32.add (i32.wrap_i64 (local.get $v)) (i32.const 48)))
              (local.set $out (i32.add (local.get $out) (i32.const 1))))
            (else (local.set $out (call $digits32 (local.get $out) (i32.wrap_i64 (local.get $v)))))))
        (if (i32.and (local.get $mode) (i32.const 1)) (then
          (i32.store8 (local.get $out) (i32.const 10))
          (local.set $out (i32.add (local.get $out) (i32.const 1))))))
        (local.set $e (i32.add (local.get $e) (i32.const 20)))
        (br $field)))
    (i32.store (i32.const 65784) (i32.const 0))
    (local.get $out))
)
