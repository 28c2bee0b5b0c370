module prep

go 1.26
