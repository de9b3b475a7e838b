//! Hugo's hash functions (`crypto` namespace): `md5` (`crypto.MD5`), `sha1`
//! (`crypto.SHA1`) and `sha256` (`crypto.SHA256`) give the lowercase hex digest of their
//! argument as text; `hash.FNV32a` gives its 32-bit FNV-1a hash as an integer (Hugo 0.168
//! has no `crypto.FNV32a` any more, nor `sha512`).
//! Numbers and other scalars are hashed as their text, as Hugo's `cast.ToString` gives it.

use super::funcs::{FnResult, to_string};
use super::value::Value;
use sha2::Digest;

/// Calls a hash function by name (aliases resolved); `None` when `name` is no hash function.
pub fn call(name: &str, args: &[Value]) -> Option<FnResult> {
    let hash: fn(&[u8]) -> Value = match name {
        "md5" | "crypto.MD5" => |b| hex(&md5::Md5::digest(b)),
        "sha1" | "crypto.SHA1" => |b| hex(&sha1::Sha1::digest(b)),
        "sha256" | "crypto.SHA256" => |b| hex(&sha2::Sha256::digest(b)),
        "hash.FNV32a" => |b| Value::Int(i64::from(fnv32a(b))),
        _ => return None,
    };
    Some(match args {
        [value] => Ok(hash(to_string(value).as_bytes())),
        _ => Err(format!("{name} wants 1 argument, got {}", args.len())),
    })
}

fn hex(digest: &[u8]) -> Value {
    Value::from(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
            .as_str(),
    )
}

/// The 32-bit FNV-1a hash (Go's `hash/fnv` `New32a`).
fn fnv32a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_known_values() {
        let run = |name| call(name, &[Value::from("Hello world")]).unwrap().unwrap();
        assert_eq!(
            run("md5").to_go_string(),
            "3e25960a79dbc69b674cd4ec67a72c62"
        );
        assert_eq!(
            run("sha1").to_go_string(),
            "7b502c3a1f48c8609ae212cdfb639dee39673f5e"
        );
        assert_eq!(
            run("crypto.SHA256").to_go_string(),
            "64ec88ca00b268e5ba1a35678a1b5316d212f4f366b2477232534a8aeca37f3c"
        );
        assert_eq!(
            call("hash.FNV32a", &[Value::from("")]).unwrap().unwrap(),
            Value::Int(0x811c_9dc5)
        );
        assert!(call("sha1", &[]).unwrap().is_err());
        assert!(call("sha512", &[]).is_none());
        assert!(call("crypto.FNV32a", &[]).is_none());
    }
}
