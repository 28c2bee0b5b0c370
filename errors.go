// Package prep holds the domain vocabulary shared by every stage: the error
// type whose message is the only thing a user ever sees.
package prep

import (
	"errors"
	"fmt"
)

// Error codes. Each boundary (web, worker) maps a code to its own response
// in one place; anything without a code is internal.
const (
	EINVALID      = "invalid"      // the input is malformed or unreadable
	EUNSUPPORTED  = "unsupported"  // a format or feature we do not handle
	ENOTFOUND     = "not_found"    // no such report, batch or pack
	ETOOLARGE     = "too_large"    // a size, page or count limit was passed
	EUNAUTHORIZED = "unauthorized" // missing or wrong credentials
	ERATELIMIT    = "rate_limited" // too many requests from one client
	EINTERNAL     = "internal"     // our fault; the message is generic
)

// Error is an error with a code and a message that is safe to show to the
// person who uploaded the file. Err, when set, carries the cause for logs.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with a user-facing message and an internal cause.
func Wrap(code, message string, err error) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain. Errors without one get a generic message so internals never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "something went wrong on our side: please try again in a few minutes"
}

// Permanent reports whether retrying the operation that returned err cannot
// help: the input itself is at fault.
func Permanent(err error) bool {
	switch ErrorCode(err) {
	case EINVALID, EUNSUPPORTED, ENOTFOUND, ETOOLARGE, EUNAUTHORIZED:
		return true
	}
	return false
}
