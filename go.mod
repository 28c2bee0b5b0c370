module prep

go 1.26.0

require golang.org/x/text v0.43.0

require github.com/google/go-cmp v0.7.0

require gopkg.in/yaml.v3 v3.0.1 // indirect
